// Starts a stand-in Prism through the harness, prints its PID, then waits to be killed.
import { fileURLToPath } from "node:url";
import { startPrism } from "../../../../scripts/prism.mjs";

const prism = await startPrism({ entry: fileURLToPath(new URL("./slow-prism.mjs", import.meta.url)) });
console.log(`prism pid ${prism.pid}`);
setInterval(() => {}, 60_000);

// node edge-runtime.mjs <edge.js> <fake API base URL>: loads the script into Vercel's edge
// runtime, sends it one request and prints the answer.
import { readFile } from "node:fs/promises";
import { EdgeRuntime } from "edge-runtime";

const [scriptPath, baseUrl] = process.argv.slice(2);

const runtime = new EdgeRuntime({ initialCode: await readFile(scriptPath, "utf8") });
const response = await runtime.dispatchFetch(`http://edge.local/?${new URLSearchParams({ baseUrl })}`);
console.log(await response.text());
await response.waitUntil();
// The runtime's own context keeps nothing we need alive; leave without waiting for it.
process.exit(response.ok ? 0 : 1);

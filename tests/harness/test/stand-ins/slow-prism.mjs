// Stands in for Prism when a busy machine makes it slow: takes SLOW_PRISM_DELAY_MS (default
// 45 s) before it listens on the --port it was given, then says so the way Prism does and
// answers every request with 200.
import { createServer } from "node:http";

const port = Number(process.argv[process.argv.indexOf("--port") + 1]);
const delayMs = Number(process.env.SLOW_PRISM_DELAY_MS ?? 45_000);
console.log("[CLI] …  awaiting  Starting Prism… (stand-in)");
setTimeout(() => {
  createServer((request, response) =>
    response.end(JSON.stringify({ standIn: true, path: request.url })),
  ).listen(port, "127.0.0.1", () => {
    console.log(`[CLI] ▶  start     Prism is listening on http://127.0.0.1:${port}`);
  });
}, delayMs);

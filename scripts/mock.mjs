// `pnpm mock [--port N]`: the Prism mock of the spec in the foreground, for trying the API by hand.
import { startPrism } from "./prism.mjs";

const portFlag = process.argv.indexOf("--port");
const port = portFlag > 0 ? Number(process.argv[portFlag + 1]) : 4010;
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port must be a whole number from 1 to 65535, got ${process.argv[portFlag + 1]}`);
  process.exit(2);
}
const prism = await startPrism({ port, inheritOutput: true });
console.log(`\nMock of the Agent Engine API on ${prism.url} (Ctrl+C stops it). Try:\n`);
console.log(`  curl -s -X POST ${prism.url}/api/v1/account/applications/token \\`);
console.log(`    -H 'Content-Type: application/json' -d '{"client_id":"id","client_secret":"secret"}'\n`);
const shutdown = () => prism.stop().then(() => process.exit(0));
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);

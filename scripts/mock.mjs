// `pnpm mock [--port N | --port=N]`: the Prism mock of the spec in the foreground, for trying
// the API by hand. Fails with a non-zero exit when the port is taken or Prism stops on its own.
import { parseArgs } from "node:util";
import { portUnavailable, startPrism } from "./prism.mjs";

const DEFAULT_PORT = 4010;

function readPort() {
  let values;
  try {
    ({ values } = parseArgs({ options: { port: { type: "string", default: String(DEFAULT_PORT) } } }));
  } catch (error) {
    fail(`${error.message}. Usage: pnpm mock [--port N]`, 2);
  }
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || !Number.isInteger(port) || port < 1 || port > 65535) {
    fail(`--port must be a whole number from 1 to 65535, got ${JSON.stringify(values.port)}`, 2);
  }
  return port;
}

function fail(message, code = 1) {
  console.error(`pnpm mock: ${message}`);
  process.exit(code);
}

const port = readPort();
const unavailable = await portUnavailable(port);
if (unavailable === "EADDRINUSE")
  fail(`port ${port} on 127.0.0.1 is already in use; stop what listens there or pick another with --port N`);
if (unavailable) fail(`cannot listen on 127.0.0.1:${port} (${unavailable}); pick another port with --port N`);

let stopping = false;
const prism = await startPrism({ port, inheritOutput: true }).catch((error) =>
  // Its log was already printed as it came; the first line says why it stopped.
  fail(`the mock did not start on 127.0.0.1:${port}: ${error.message.split("\n")[0]}`),
);
prism.exited.then(({ code, signal }) => {
  if (!stopping) fail(`Prism stopped on its own (code ${code}, signal ${signal}); its log is above`);
});
console.log(`\nMock of the Agent Engine API on ${prism.url} (Ctrl+C stops it). Try:\n`);
console.log(`  curl -s -X POST ${prism.url}/api/v1/account/applications/token \\`);
console.log(`    -H 'Content-Type: application/json' -d '{"client_id":"id","client_secret":"secret"}'\n`);
const shutdown = () => {
  stopping = true;
  prism.stop().then(() => process.exit(0));
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
process.on("SIGHUP", shutdown);

// Starts the pinned Prism on the spec, on a free 127.0.0.1 port, and always stops it.
// Used by the contract tests (through vitest's globalSetup) and by `pnpm mock`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SPEC_PATH = join(repoRoot, "spec", "openapi.yaml");

const require = createRequire(import.meta.url);
// Spawning Prism's own entry (not a .bin shim) makes the PID we hold Prism itself, so
// SIGTERM reaches it and nothing is orphaned.
const PRISM_ENTRY = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");

/** Asks the OS for a free loopback port. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * @param {object} [options]
 * @param {"mock" | "proxy"} [options.mode] mock answers from the spec; proxy forwards to `upstream` and checks its answers
 * @param {string} [options.upstream] the server behind `prism proxy`
 * @param {string} [options.spec] the OpenAPI document
 * @param {boolean} [options.errors] with true, a response that breaks its own schema becomes a 500 (default true)
 * @param {number} [options.port] a fixed port (default: a free one)
 * @param {number} [options.readyTimeoutMs] how long Prism may take to answer (default 30 s)
 * @param {boolean} [options.inheritOutput] print Prism's log as it comes (for `pnpm mock`)
 */
export async function startPrism(options = {}) {
  const {
    mode = "mock",
    upstream,
    spec = SPEC_PATH,
    errors = true,
    readyTimeoutMs = 30_000,
    inheritOutput = false,
  } = options;
  if (mode === "proxy" && !upstream) throw new Error("startPrism: mode 'proxy' needs an upstream URL");
  const port = options.port ?? (await freePort());
  const args = [PRISM_ENTRY, mode, spec];
  if (mode === "proxy") args.push(upstream);
  args.push("--port", String(port), "--host", "127.0.0.1");
  if (errors) args.push("--errors");

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  const onOutput = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (inheritOutput) process.stdout.write(chunk);
  };
  child.stdout.setEncoding("utf8").on("data", onOutput);
  child.stderr.setEncoding("utf8").on("data", onOutput);

  const exited = new Promise((resolveExit) => child.once("exit", (code, signal) => resolveExit({ code, signal })));
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(forced);
  };

  const deadline = Date.now() + readyTimeoutMs;
  let early;
  exited.then((status) => (early = status));
  while (true) {
    if (early) {
      throw new Error(`Prism exited before it was ready (code ${early.code}, signal ${early.signal}). Its log:\n${log}`);
    }
    if (/Prism is listening/.test(log) || (await answers(url))) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not answer on ${url} within ${readyTimeoutMs} ms. Its log:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, port, stop, log: () => log };
}

async function answers(url) {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(500) });
    await response.body?.cancel();
    return true;
  } catch {
    return false;
  }
}

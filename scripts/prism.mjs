// Starts the pinned Prism on the spec, on a free 127.0.0.1 port, and always stops it.
// Used by `pnpm test` (one shared mock for the whole run), by vitest's globalSetup when a
// package's tests run alone, by tests that need a Prism of their own, and by `pnpm mock`.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const SPEC_PATH = join(repoRoot, "spec", "openapi.yaml");

/** `pnpm test` puts the shared mock's URL here; a package's globalSetup uses it instead of starting its own. */
export const SHARED_PRISM_URL_ENV = "AGENT_ENGINE_TEST_PRISM_URL";

const require = createRequire(import.meta.url);
// Spawning Prism's own entry (not a .bin shim) makes the PID we hold Prism itself, so
// SIGTERM reaches it and nothing is orphaned.
const PRISM_ENTRY = join(dirname(require.resolve("@stoplight/prism-cli/package.json")), "dist", "index.js");
const EXIT_WITH_PARENT = join(dirname(fileURLToPath(import.meta.url)), "prism-exit-with-parent.cjs");

// Prism logs this line once its server's listen() has resolved (prism-cli's createServer.js):
// from then on it answers. No time limit: how long Prism takes to get there depends on the
// machine's load, and a Prism that dies on the way is noticed at once by its exit.
const LISTENING = /Prism is listening on/;
const PROGRESS_EVERY_MS = 20_000;

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

/** Resolves with the error code (`EADDRINUSE`, `EACCES`…) when nothing may listen on 127.0.0.1:port, or undefined when it is free. */
export function portUnavailable(port) {
  return new Promise((resolveCheck) => {
    const server = createServer();
    server.unref();
    server.once("error", (error) => resolveCheck(error.code ?? String(error)));
    server.listen(port, "127.0.0.1", () => server.close(() => resolveCheck(undefined)));
  });
}

/**
 * @param {object} [options]
 * @param {"mock" | "proxy"} [options.mode] mock answers from the spec; proxy forwards to `upstream` and checks its answers
 * @param {string} [options.upstream] the server behind `prism proxy`
 * @param {string} [options.spec] the OpenAPI document
 * @param {boolean} [options.errors] with true, a response that breaks its own schema becomes a 500 (default true)
 * @param {number} [options.port] a fixed port (default: a free one)
 * @param {boolean} [options.inheritOutput] print Prism's log as it comes (for `pnpm mock`)
 * @param {(message: string) => void} [options.onSlowStart] told every 20 s while Prism is still starting (default: nothing)
 * @param {string} [options.entry] a script run by node in Prism's place, with Prism's arguments (for testing this harness)
 */
export async function startPrism(options = {}) {
  const {
    mode = "mock",
    upstream,
    spec = SPEC_PATH,
    errors = true,
    inheritOutput = false,
    onSlowStart,
    entry = PRISM_ENTRY,
  } = options;
  if (mode === "proxy" && !upstream) throw new Error("startPrism: mode 'proxy' needs an upstream URL");
  const port = options.port ?? (await freePort());
  const args = ["--require", EXIT_WITH_PARENT, entry, mode, spec];
  if (mode === "proxy") args.push(upstream);
  args.push("--port", String(port), "--host", "127.0.0.1");
  if (errors) args.push("--errors");

  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let log = "";
  let onLog = () => {};
  const onOutput = (chunk) => {
    log += chunk;
    if (log.length > 200_000) log = log.slice(-100_000);
    if (inheritOutput) process.stdout.write(chunk);
    onLog();
  };
  child.stdout.setEncoding("utf8").on("data", onOutput);
  child.stderr.setEncoding("utf8").on("data", onOutput);

  const exited = new Promise((resolveExit) =>
    child.once("exit", (code, signal) => resolveExit({ code, signal })),
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const url = `http://127.0.0.1:${port}`;
  const running = () => child.exitCode === null && child.signalCode === null;
  const stop = async () => {
    process.off("exit", killOnExit);
    if (!running()) return;
    child.kill("SIGTERM");
    const forced = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(forced);
  };

  const startedAt = Date.now();
  const progress = onSlowStart
    ? setInterval(
        () =>
          onSlowStart(
            `Prism (pid ${child.pid}) is still starting after ${Math.round((Date.now() - startedAt) / 1000)} s`,
          ),
        PROGRESS_EVERY_MS,
      )
    : undefined;
  try {
    const outcome = await Promise.race([
      new Promise((resolveListening) => {
        onLog = () => LISTENING.test(log) && resolveListening({ listening: true });
        onLog();
      }),
      exited.then((status) => ({ exited: status })),
    ]);
    if (outcome.exited) {
      process.off("exit", killOnExit);
      const { code, signal } = outcome.exited;
      throw new Error(
        `Prism exited before it was listening (code ${code}, signal ${signal}). Its log:\n${log}`,
      );
    }
  } finally {
    onLog = () => {};
    clearInterval(progress);
  }
  return { url, port, pid: child.pid, stop, log: () => log, exited };
}

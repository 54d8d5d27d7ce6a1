// A redis-server of its own for a test file: Debian's binary from PATH, on a free port of
// 127.0.0.1, without persistence; ready once it answers PING, stopped by the test.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createServer, connect } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

const START_ATTEMPTS = 3;
const READY_WITHIN_MS = 20_000;

export async function startRedis(): Promise<RedisServer> {
  if (spawnSync("redis-server", ["--version"]).error) {
    throw new Error(
      "redis-server is not on PATH: these tests need a real Redis (Debian: apt-get install redis-server; .ci/run installs it)",
    );
  }
  let lastError: unknown;
  // Another run may take the free port between our look and redis-server's bind: try again.
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt++) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (chunk) => (output = (output + chunk).slice(-2000)));
    child.stderr?.on("data", (chunk) => (output = (output + chunk).slice(-2000)));
    try {
      await waitForPong(port, child);
      return { url: `redis://127.0.0.1:${port}`, stop: () => stop(child) };
    } catch (error) {
      lastError = new Error(`redis-server on port ${port} did not start: ${String(error)}\n${output}`);
      await stop(child);
    }
  }
  throw lastError;
}

async function waitForPong(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_WITHIN_MS;
  for (let pause = 10; Date.now() < deadline; pause = Math.min(pause * 2, 200)) {
    if (child.exitCode !== null) throw new Error(`it exited with code ${child.exitCode}`);
    if (await answersPing(port)) return;
    await sleep(pause);
  }
  throw new Error(`no PONG within ${READY_WITHIN_MS} ms`);
}

function answersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

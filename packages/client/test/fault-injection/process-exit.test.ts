// Nothing is left behind: a process whose calls have settled exits on its own, although the
// attempt timeout (60 s), the server's Retry-After (30 s) and its keep-alive (60 s) are long.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import {
  CLIENT_SECRET,
  DEFINITIONS_PATH,
  startFaultServer,
  TOKEN_PATH,
  type FaultServer,
} from "./fault-server.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ keepAliveTimeoutMs: 60_000 });
});
afterAll(async () => {
  await server.close();
});

/** Runs `script` in a child process; resolves when it exits, with what it printed and when. */
async function runChild(script: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL(script, import.meta.url))],
    {
      cwd: fileURLToPath(new URL("../../../../", import.meta.url)),
      env: { ...process.env, FAULT_SERVER_URL: server.url, FAULT_CLIENT_SECRET: CLIENT_SECRET },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const killer = setTimeout(() => child.kill("SIGKILL"), 40_000);
  const exitCode = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const exitedAt = Date.now();
  clearTimeout(killer);
  return { stdout, stderr, exitCode, exitedAt };
}

it("exits within seconds of its last call settling", async () => {
  server.clear();
  server.script(DEFINITIONS_PATH, { status: 503 }, { status: 200, body: '{"definitions":[]}' });
  server.script(DEFINITIONS_PATH, { status: 429, headers: { "retry-after": "30" } }, { hang: true });
  const { stdout, stderr, exitCode, exitedAt } = await runChild("./exit-child.ts");
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  const report = JSON.parse(stdout) as { settledAt: number; outcomes: string[] };
  expect(report.outcomes).toEqual(["ok", "RequestAbortedError", "RequestAbortedError"]);
  expect(server.count(DEFINITIONS_PATH)).toBe(4);
  expect(exitedAt - report.settledAt).toBeLessThan(15_000);
}, 45_000);

it("exits soon after its last call although a background refresh met a stalled body", async () => {
  server.clear();
  server.script(TOKEN_PATH, { tokenFields: {} }, { stallBody: true }, { stallBody: true });
  const { stdout, stderr, exitCode, exitedAt } = await runChild("./exit-refresh-child.ts");
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  const report = JSON.parse(stdout) as { settledAt: number };
  // The refresh is bounded by its own attempts (2 of 300 ms); a stalled body used to hold the
  // process for the platform's 5 minutes.
  expect(server.count(TOKEN_PATH)).toBe(3);
  expect(exitedAt - report.settledAt).toBeLessThan(15_000);
}, 45_000);

// Nothing is left behind: a process whose calls have settled exits on its own, although the
// attempt timeout (60 s), the server's Retry-After (30 s) and its keep-alive (60 s) are long.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { CLIENT_SECRET, DEFINITIONS_PATH, startFaultServer, type FaultServer } from "./fault-server.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ keepAliveTimeoutMs: 60_000 });
});
afterAll(async () => {
  await server.close();
});

it("exits within seconds of its last call settling", async () => {
  server.script(DEFINITIONS_PATH, { status: 503 }, { status: 200, body: '{"definitions":[]}' });
  server.script(DEFINITIONS_PATH, { status: 429, headers: { "retry-after": "30" } }, { hang: true });
  const child = spawn(
    process.execPath,
    ["--import", "tsx", fileURLToPath(new URL("./exit-child.ts", import.meta.url))],
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

  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  const report = JSON.parse(stdout) as { settledAt: number; outcomes: string[] };
  expect(report.outcomes).toEqual(["ok", "RequestAbortedError", "RequestAbortedError"]);
  expect(server.count(DEFINITIONS_PATH)).toBe(4);
  expect(exitedAt - report.settledAt).toBeLessThan(15_000);
}, 45_000);

// Nothing is left behind: a process whose calls have settled exits within 1 s on its own,
// although the attempt timeout (60 s) and the server's keep-alive (60 s) are long. Both
// instants come from the child's own clock, so a busy machine cannot stretch what is measured.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ENTRY_POINTS } from "./entry-points.js";
import { CLIENT_SECRET, type Fault, type FaultServer, startFaultServer, TOKEN_PATH } from "./fault-server.js";

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer({ keepAliveTimeoutMs: 60_000 });
});
afterAll(async () => {
  await server.close();
});

/** Runs `script` in a child process; resolves when it exits, with what it printed. */
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
  clearTimeout(killer);
  expect(stderr).toBe("");
  expect(exitCode).toBe(0);
  return JSON.parse(stdout) as { settledAt: number; exitedAt: number; outcomes?: string[] };
}

const STALLS: Fault[] = [{ hang: true }, { stallBody: true }, { slowBody: { pieces: 40, intervalMs: 100 } }];

// A gap over 1 s can come from the machine alone (a child starved of CPU beside other jobs),
// never from what this suite looks for (a timer or socket held for the 60 s of an attempt or
// a keep-alive): so one run that measured over 1 s is tried again, a hang fails every try.
const EXIT_RUN = { retry: 2, timeout: 45_000 };

it(
  "exits within 1 s of its last call, every entry point having met a stalling server",
  EXIT_RUN,
  async () => {
    server.clear();
    // exit-child.ts: each own-path call meets one stall, each exchange of 200 ms two (two
    // attempts), and the abandoned exchange one.
    for (const [, path] of ENTRY_POINTS) server.script(path, ...STALLS);
    server.script(TOKEN_PATH, { tokenFields: {} }, ...STALLS, ...STALLS, { hang: true });
    const { outcomes, settledAt, exitedAt } = await runChild("./exit-child.ts");
    const tally: Record<string, number> = {};
    for (const name of outcomes!) tally[name] = (tally[name] ?? 0) + 1;
    // The caller gave up on 30 calls at their own paths and 10 at the abandoned exchange, 10 waited
    // longer than their timeoutMs for it, and 30 ended when the exchange they waited for timed out.
    expect(tally).toEqual({ RequestAbortedError: 40, RequestTimeoutError: 40 });
    expect(server.count(TOKEN_PATH)).toBe(8);
    expect(exitedAt - settledAt).toBeLessThanOrEqual(1_000);
  },
);

it(
  "exits within 1 s of its last call although a background refresh met a stalled body",
  EXIT_RUN,
  async () => {
    server.clear();
    server.script(TOKEN_PATH, { tokenFields: {} }, { stallBody: true });
    const { settledAt, exitedAt } = await runChild("./exit-refresh-child.ts");
    // The refresh is cancelled in its first attempt of 60 s: no call is left to use its token.
    expect(server.count(TOKEN_PATH)).toBe(2);
    expect(exitedAt - settledAt).toBeLessThanOrEqual(1_000);
  },
);

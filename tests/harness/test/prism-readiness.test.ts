// Load cannot break the harness's readiness: it waits for Prism to say it listens however
// long that takes (a stand-in slower than the old 30 s limit), and a Prism that dies at start
// fails the start at once with its log instead of a wait.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { startPrism, type RunningPrism } from "../../../scripts/prism.mjs";

const OLD_READINESS_LIMIT_MS = 30_000;
// Longer than the old limit, not needlessly longer: SLOW_PRISM_DELAY_MS=45000 for the 45 s.
const SLOW_START_MS = Number(process.env.SLOW_PRISM_DELAY_MS ?? OLD_READINESS_LIMIT_MS + 5_000);
const standIn = (name: string) => fileURLToPath(new URL(`./stand-ins/${name}`, import.meta.url));

let started: RunningPrism | undefined;
afterEach(async () => {
  delete process.env.SLOW_PRISM_DELAY_MS;
  await started?.stop();
  started = undefined;
});

it(
  `waits for a Prism that takes ${SLOW_START_MS / 1000} s to listen, past the old ${OLD_READINESS_LIMIT_MS / 1000} s limit`,
  async () => {
    expect(SLOW_START_MS).toBeGreaterThan(OLD_READINESS_LIMIT_MS);
    process.env.SLOW_PRISM_DELAY_MS = String(SLOW_START_MS);
    const progress: string[] = [];
    const startedAt = Date.now();
    started = await startPrism({
      entry: standIn("slow-prism.mjs"),
      onSlowStart: (message) => progress.push(message),
    });
    const waitedMs = Date.now() - startedAt;

    expect(waitedMs).toBeGreaterThanOrEqual(SLOW_START_MS);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatch(/^Prism \(pid \d+\) is still starting after \d+ s$/);
    const response = await fetch(`${started.url}/api/v1/integrations/definitions/sources`);
    expect(await response.json()).toEqual({
      standIn: true,
      path: "/api/v1/integrations/definitions/sources",
    });
    await started.stop();
    expect(await started.exited).toEqual({ code: null, signal: "SIGTERM" });
  },
  SLOW_START_MS + 120_000,
);

it("fails at once with the log and exit code of a Prism that dies at start", async () => {
  const start = startPrism({ entry: standIn("dying-prism.mjs") });
  await expect(start).rejects.toThrow(
    /Prism exited before it was listening \(code 3, signal null\)\. Its log:\n.*fatal .*stand-in: the spec could not be read/,
  );
});

it("does not take another server's answer for Prism's readiness: only Prism's own listening line counts", async () => {
  // The stand-in that dies never listens; a server already on its port must not make it look ready.
  const { createServer } = await import("node:http");
  const other = createServer((_request, response) => response.end("someone else")).listen(0, "127.0.0.1");
  await new Promise((resolve) => other.once("listening", resolve));
  const { port } = other.address() as { port: number };
  try {
    await expect(startPrism({ entry: standIn("dying-prism.mjs"), port })).rejects.toThrow(
      /exited before it was listening/,
    );
  } finally {
    other.close();
  }
});

it("stops Prism when the process that started it is killed with SIGKILL, where no exit hook runs", async () => {
  const owner = spawn(process.execPath, [standIn("owner-of-prism.mjs")], {
    env: { ...process.env, SLOW_PRISM_DELAY_MS: "0" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let stdout = "";
  owner.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  // Bounded by the test's timeout.
  while (!/prism pid \d+/.test(stdout) && owner.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  const prismPid = Number(/prism pid (\d+)/.exec(stdout)?.[1]);
  expect(isRunning(prismPid)).toBe(true);

  owner.kill("SIGKILL");
  await once(owner, "exit");
  // Bounded in count (and so in time): 600 checks 50 ms apart.
  for (let check = 0; check < 600 && isRunning(prismPid); check++)
    await new Promise((r) => setTimeout(r, 50));
  const orphaned = isRunning(prismPid);
  if (orphaned) process.kill(prismPid, "SIGKILL");
  expect(orphaned).toBe(false);
});

function isRunning(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

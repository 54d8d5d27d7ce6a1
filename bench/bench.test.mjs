// CI keeps the bench runnable: the short mode must finish, print its table, write every
// figure to JSON, and find the client's token counts correct. No timing is asserted.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LATENCY_HEADERS } from "./report.mjs";
import { balancedOrders } from "./stats.mjs";

const RUN = fileURLToPath(new URL("./run.mjs", import.meta.url));

function runBench(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [RUN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("exit", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe("pnpm bench --short", () => {
  let dir;
  let run;
  let result;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bench-"));
    const json = join(dir, "result.json");
    run = await runBench(["--short", "--no-write", "--json", json]);
    if (run.code === 0) result = JSON.parse(readFileSync(json, "utf8"));
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 and prints the per-call table with every variant", () => {
    expect(run.stderr).not.toMatch(/WRONG COUNTS/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`| ${LATENCY_HEADERS[0]}`);
    // --short's sizes make the ratios noise: no comparison column, no verdict.
    for (const header of LATENCY_HEADERS.filter((h) => !/openapi-fetch|overhead/.test(h)))
      expect(run.stdout).toContain(header);
    expect(run.stdout).not.toMatch(/overhead µs\/call|\bmet\b/);
    for (const variant of ["raw fetch", "openapi-fetch", "client.GET", "listSourceDefinitions"]) {
      expect(run.stdout).toMatch(new RegExp(`^\\| ${variant} +\\|`, "m"));
    }
  });

  it("writes every figure to the JSON file", () => {
    expect(result.mode).toBe("short");
    expect(result.latency.map((r) => r.variant)).toEqual([
      "raw fetch",
      "openapi-fetch",
      "client.GET",
      "listSourceDefinitions",
    ]);
    for (const row of result.latency) {
      for (const key of [
        "callsPerSecond",
        "p50Ms",
        "p99Ms",
        "ratioToOpenapiFetch",
        "concurrentCallsPerSecond",
      ]) {
        expect(row[key], `${row.variant}.${key}`).toBeGreaterThan(0);
      }
    }
    expect(result.latency.find((r) => r.variant === "openapi-fetch").ratioToOpenapiFetch).toBe(1);
    expect(result.cpuOnly.map((r) => r.variant)).toEqual([
      "openapi-fetch + bearer middleware",
      "client.GET",
      "listSourceDefinitions",
    ]);
    for (const row of result.cpuOnly) expect(row.microsecondsPerCall, row.variant).toBeGreaterThan(0);
    expect(result.cpuOnly[0].ratioToBaseline).toBe(1);
    expect(result.cpuOnlyTarget.maxRatio).toBe(1.25);
    expect(result.memory.checkpoints).toHaveLength(2);
    for (const checkpoint of result.memory.checkpoints) expect(checkpoint.heapBytes).toBeGreaterThan(0);
    expect(result.memory.bounded).toBe(true);
    expect(result.failures).toEqual([]);
  });

  it("counts one token exchange for 1,000 concurrent cold calls", () => {
    expect(result.coldStart.calls).toBe(1000);
    expect(result.coldStart.exchanges).toBe(1);
  });

  it("mints one scoped token per workspace, and none again while the cache holds them", () => {
    expect(result.workspaces.mints).toBe(result.workspaces.workspaces);
    expect(result.workspaces.distinctWorkspacesMinted).toBe(result.workspaces.workspaces);
    expect(result.workspaces.mintsOnSecondPass).toBe(0);
    expect(result.memory.checkpoints.map((c) => c.mints)).toEqual(
      result.memory.checkpoints.map((c) => c.workspacesRequested),
    );
  });

  it("keeps no more workspace clients alive than the default bound of 1,000", () => {
    for (const checkpoint of result.memory.checkpoints) {
      expect(checkpoint.workspacesRequested).toBeGreaterThan(1000);
      expect(checkpoint.liveWorkspaceClients).toBeLessThanOrEqual(1000);
    }
  });

  it("never sends an expired token while 2-second tokens roll over", () => {
    expect(result.shortLivedTokens.calls).toBeGreaterThan(0);
    expect(result.shortLivedTokens.exchanges).toBeGreaterThanOrEqual(1);
    expect(result.shortLivedTokens.expiredTokenRequests).toBe(0);
    expect(result.shortLivedTokens.rejected).toBe(0);
  });
});

describe("balancedOrders", () => {
  it.each([2, 3, 4, 5, 6])(
    "runs every variant once per round, each right after each other one equally often (n = %i)",
    (n) => {
      const orders = balancedOrders(n);
      const follows = new Map();
      for (const order of orders) {
        expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        for (let i = 1; i < n; i++)
          follows.set(`${order[i - 1]}>${order[i]}`, (follows.get(`${order[i - 1]}>${order[i]}`) ?? 0) + 1);
      }
      expect(follows.size).toBe(n * (n - 1));
      expect(new Set(follows.values()).size).toBe(1);
    },
  );
});

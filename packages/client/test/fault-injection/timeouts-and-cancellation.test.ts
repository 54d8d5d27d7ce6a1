// Hangs, slow bodies and callers who give up, against a real HTTP server.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { RequestAbortedError, RequestTimeoutError } from "../../src/index.js";
import { DEFINITIONS_PATH, TOKEN_PATH } from "./fault-server.js";
import { IDLE_GRACE_MS } from "../../src/auth/tokens.js";
import {
  clientFor,
  collectUnhandledRejections,
  keepingAlive,
  leftBehind,
  settleDown,
  timed,
  useFaultServer,
} from "./guards.js";

const unhandled = collectUnhandledRejections();
const server = useFaultServer();

const quick = { retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetries: 1 }, timeoutMs: 300 };

describe("hangs", () => {
  it("times out each attempt and throws RequestTimeoutError after the last one", async () => {
    server.script(DEFINITIONS_PATH, { hang: true }, { hang: true });
    const result = await timed(clientFor(server, quick).listSourceDefinitions());
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect((result.error as Error).message).toContain("took longer than 300 ms (attempt 2 of 2)");
    expect(server.count(DEFINITIONS_PATH)).toBe(2);
    expect(result.ms).toBeGreaterThanOrEqual(600);
    expect(result.ms).toBeLessThan(5_000);
  });

  it("succeeds when the attempt after a hang answers", async () => {
    server.script(DEFINITIONS_PATH, { hang: true });
    await expect(clientFor(server, quick).listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(2);
  });

  it("waits for a hanging token exchange at most the call's timeoutMs", async () => {
    const baseline = keepingAlive();
    server.script(TOKEN_PATH, { hang: true }, { hang: true });
    const result = await timed(clientFor(server, quick).listSourceDefinitions());
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect((result.error as Error).message).toContain("waited longer than 300 ms for its token");
    expect(server.count(DEFINITIONS_PATH)).toBe(0);
    expect(result.ms).toBeLessThan(5_000);
    // No call waits for the exchange any more: it is cancelled, whichever attempt it is in.
    expect(await leftBehind(baseline)).toEqual([]);
  });

  it("cancels a hung exchange every call gave up on, mints included; the next call starts a fresh one", async () => {
    const baseline = keepingAlive();
    server.script(TOKEN_PATH, { hang: true });
    // The exchange's own attempt would run 30 s: only the calls leaving can end it sooner.
    const client = clientFor(server, { timeoutMs: 30_000 });
    const results = await Promise.all([
      timed(client.listSourceDefinitions({}, { timeoutMs: 300 })),
      timed(client.listSourceDefinitions({}, { signal: AbortSignal.timeout(300) })),
      timed(client.forWorkspace("acme").GET(DEFINITIONS_PATH, { timeoutMs: 300 })),
    ]);
    expect(results.map((r) => (r.error as Error).name)).toEqual([
      "RequestTimeoutError",
      "RequestAbortedError",
      "RequestTimeoutError",
    ]);
    expect(await leftBehind(baseline)).toEqual([]);
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(2);
  });

  it("keeps one exchange for every caller: those who leave do not cancel it for one still waiting", async () => {
    let answer!: () => void;
    server.script(TOKEN_PATH, { holdUntil: new Promise<void>((resolve) => (answer = resolve)) });
    const client = clientFor(server, { timeoutMs: 5_000 });
    const patient = timed(client.listSourceDefinitions());
    const impatient = await Promise.all(
      [1, 2].map(() => timed(client.listSourceDefinitions({}, { timeoutMs: 100 }))),
    );
    expect(impatient.map((r) => r.error)).toEqual([
      expect.any(RequestTimeoutError),
      expect.any(RequestTimeoutError),
    ]);
    await settleDown(IDLE_GRACE_MS * 2);
    answer();
    expect((await patient).value).toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(1);
  });

  it("applies a per-call timeoutMs", async () => {
    server.script(DEFINITIONS_PATH, { hang: true });
    const client = clientFor(server, { timeoutMs: 30_000 });
    const result = await timed(client.GET(DEFINITIONS_PATH, { timeoutMs: 200, retry: false }));
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect(result.ms).toBeLessThan(5_000);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });
});

describe("slow bodies", () => {
  it("waits for a body that trickles in within the timeout", async () => {
    server.script(DEFINITIONS_PATH, { slowBody: { pieces: 4, intervalMs: 50 } });
    await expect(clientFor(server, { timeoutMs: 2_000 }).listSourceDefinitions()).resolves.toEqual([
      { name: "GitHub", sourceDefinitionId: "ef69ef6e" },
    ]);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });

  it("reads on past timeoutMs once the headers are in: the timeout covers the wait for an answer", async () => {
    // The headers come at once and the body takes 4 x 400 ms: far past a 1 s timeout, which a
    // busy machine does not bring the headers anywhere near.
    server.script(DEFINITIONS_PATH, { slowBody: { pieces: 4, intervalMs: 400 } });
    const result = await timed(clientFor(server, { ...quick, timeoutMs: 1_000 }).listSourceDefinitions());
    expect(result.value).toEqual([{ name: "GitHub", sourceDefinitionId: "ef69ef6e" }]);
    expect(result.ms).toBeGreaterThanOrEqual(1_000);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });

  it("ends a body slower than the caller's deadline with RequestAbortedError, not retried", async () => {
    const client = clientFor(server, quick);
    await client.listSourceDefinitions(); // exchange the token first: the deadline is for the call
    server.clear();
    server.script(DEFINITIONS_PATH, { slowBody: { pieces: 10, intervalMs: 400 } });
    const result = await timed(client.listSourceDefinitions({}, { signal: AbortSignal.timeout(1_500) }));
    expect(result.error).toBeInstanceOf(RequestAbortedError);
    expect(((result.error as Error).cause as Error).name).toBe("TimeoutError");
    // The answer had been handed back when its body ran out of time: nothing left to retry.
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
    expect(result.ms).toBeLessThan(5_000);
  });
});

setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

describe("the caller's AbortSignal", () => {
  it("still ends a body handed over as a stream after a garbage collection", async () => {
    server.script(DEFINITIONS_PATH, { stallBody: true });
    const client = clientFor(server);
    const { response } = await client.GET(DEFINITIONS_PATH, {
      parseAs: "stream",
      signal: AbortSignal.timeout(300),
    });
    // openapi-fetch has let its Request go; the abort used to reach the body only through it.
    collectGarbage();
    const result = await timed(response.arrayBuffer());
    expect(result.error).toBeInstanceOf(RequestAbortedError);
  });

  it("hands back a body it cannot hold its Request on (a fetch that freezes its bodies)", async () => {
    const client = clientFor(server, {
      fetch: async (request) => {
        const response = await fetch(request);
        if (response.body !== null) Object.freeze(response.body);
        return response;
      },
    });
    const { data, response } = await client.GET(DEFINITIONS_PATH);
    expect(response.status).toBe(200);
    expect(data?.definitions).toBeInstanceOf(Array);
  });

  it("cancels an attempt in flight at once and is not retried", async () => {
    const client = clientFor(server, { timeoutMs: 30_000 });
    await client.listSourceDefinitions(); // exchange the token first: this test is about the call
    server.clear();
    server.script(DEFINITIONS_PATH, { hang: true });
    const controller = new AbortController();
    const call = timed(client.listSourceDefinitions({}, { signal: controller.signal }));
    await settleDown(100);
    const abortedAt = performance.now();
    controller.abort();
    const result = await call;
    expect(result.error).toBeInstanceOf(RequestAbortedError);
    expect(performance.now() - abortedAt).toBeLessThan(2_000);
    await settleDown(150);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });

  it("cancels the backoff sleep at once, long before the server's Retry-After", async () => {
    server.script(DEFINITIONS_PATH, { status: 429, headers: { "retry-after": "5" } });
    const controller = new AbortController();
    const call = timed(clientFor(server).listSourceDefinitions({}, { signal: controller.signal }));
    while (server.count(DEFINITIONS_PATH) === 0) await settleDown(10);
    await settleDown(50);
    controller.abort();
    const result = await call;
    expect(result.error).toBeInstanceOf(RequestAbortedError);
    expect(result.ms).toBeLessThan(4_000);
    await settleDown(100);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  }, 10_000);

  it("lets one caller stop waiting for the token exchange while it carries on for the others", async () => {
    let release!: () => void;
    server.script(TOKEN_PATH, { holdUntil: new Promise<void>((resolve) => (release = resolve)) });
    const client = clientFor(server);
    const controller = new AbortController();
    const impatient = timed(client.listSourceDefinitions({}, { signal: controller.signal }));
    const patient = client.listSourceDefinitions();
    while (server.count(TOKEN_PATH) === 0) await settleDown(10);
    controller.abort();
    const result = await impatient;
    expect(result.error).toBeInstanceOf(RequestAbortedError);
    expect(result.ms).toBeLessThan(2_000);
    release();
    await expect(patient).resolves.toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });

  it("does not send the call for a signal that is already aborted", async () => {
    const error = await clientFor(server)
      .listSourceDefinitions({}, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    await settleDown(100);
    // The token exchange may run on for later callers; the call itself never leaves.
    expect(server.count(DEFINITIONS_PATH)).toBe(0);
    expect(server.count(TOKEN_PATH)).toBeLessThanOrEqual(1);
  });
});

it("raised no unhandled rejection", async () => {
  await settleDown();
  expect(unhandled).toEqual([]);
});

// RefreshingToken under arbitrary interleavings of callers, clock advances, exchange
// outcomes, rejections and aborts. The clock is injected; exchanges settle only
// when the generated schedule says so.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RequestAbortedError } from "../../src/index.js";
import { type IssuedToken, issuedToken, RefreshingToken } from "../../src/auth/tokens.js";

type Action =
  | { kind: "get"; abort: "never" | "before" | "later" }
  | { kind: "advance"; ms: number }
  | { kind: "resolve"; lifetimeMs: number }
  | { kind: "fail" }
  | { kind: "rejectToken"; pick: number }
  | { kind: "abortWaiting"; pick: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("get" as const),
      abort: fc.constantFrom("never" as const, "before" as const, "later" as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("advance" as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.integer({ min: 0, max: 3_600_000 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("resolve" as const),
      // From tokens that die during their own exchange to the usual quarter hour.
      lifetimeMs: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.constant(900_000)),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("fail" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rejectToken" as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("abortWaiting" as const), pick: fc.nat() }) },
);

interface Exchange {
  serial: number;
  startedAt: number;
  settle: { resolve(issued: IssuedToken): void; reject(error: Error): void };
  settled: boolean;
}

interface Caller {
  controller: AbortController;
  abortedByTest: boolean;
  outcome?: { token?: string; error?: unknown; at: number };
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Lets every promise reaction that is ready run. */
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

async function play(actions: Action[]): Promise<void> {
  let clock = 1_000_000;
  const exchanges: Exchange[] = [];
  const issued = new Map<string, IssuedToken>();
  /** The clock when each token's exchange settled. */
  const settledAt = new Map<string, number>();
  const callers: Caller[] = [];
  let inFlight = 0;

  const tokens = new RefreshingToken(
    () => {
      // Never two exchanges in flight at once: each starts only after the previous one settled.
      expect(inFlight).toBe(0);
      inFlight++;
      return new Promise<IssuedToken>((resolve, reject) => {
        exchanges.push({
          serial: exchanges.length + 1,
          startedAt: clock,
          settle: { resolve, reject },
          settled: false,
        });
      });
    },
    () => clock,
  );

  const oldestPending = () => exchanges.find((exchange) => !exchange.settled);

  const settleOldest = (outcome: { lifetimeMs: number } | "fail") => {
    const exchange = oldestPending();
    if (!exchange) return [];
    exchange.settled = true;
    inFlight--;
    if (outcome === "fail") {
      exchange.settle.reject(new Error(`exchange ${exchange.serial} failed`));
    } else {
      // As the real providers do: the lifetime counts from when the exchange was sent.
      const token = issuedToken(
        `token-${exchange.serial}`,
        exchange.startedAt,
        exchange.startedAt + outcome.lifetimeMs,
      );
      issued.set(token.token, token);
      settledAt.set(token.token, clock);
      exchange.settle.resolve(token);
    }
    return [exchange];
  };

  const unsettled = () => callers.filter((caller) => !caller.outcome);

  for (const step of actions) {
    const waitingBefore = new Set(unsettled());
    switch (step.kind) {
      case "get": {
        const controller = new AbortController();
        const caller: Caller = { controller, abortedByTest: step.abort !== "never" };
        if (step.abort === "before") controller.abort();
        const startedBefore = exchanges.length;
        Promise.resolve(tokens.getToken(step.abort === "never" ? undefined : controller.signal)).then(
          (token) => (caller.outcome = { token, at: clock }),
          (error: unknown) => (caller.outcome = { error, at: clock }),
        );
        callers.push(caller);
        await flush();
        if (step.abort === "before") {
          // A caller that already gave up is answered at once: the cached token, or its abort
          // (the exchange it may have started runs on for whoever asks next).
          expect(caller.outcome).toBeDefined();
          if (caller.outcome!.token === undefined)
            expect(caller.outcome!.error).toBeInstanceOf(RequestAbortedError);
          expect(exchanges.length).toBeLessThanOrEqual(startedBefore + 1);
        }
        break;
      }
      case "advance":
        clock += step.ms;
        break;
      case "resolve":
      case "fail": {
        settleOldest(step.kind === "fail" ? "fail" : { lifetimeMs: step.lifetimeMs });
        await flush();
        // Everyone who was waiting and got an answer now got the same one: one exchange's result.
        const answered = [...waitingBefore].filter(
          (caller) => caller.outcome && !caller.controller.signal.aborted,
        );
        const results = new Set(
          answered.map((caller) => caller.outcome!.token ?? describeError(caller.outcome!.error)),
        );
        expect(results.size).toBeLessThanOrEqual(1);
        break;
      }
      case "rejectToken": {
        const known = [...issued.keys()];
        if (known.length > 0) tokens.rejectToken(known[step.pick % known.length]!);
        break;
      }
      case "abortWaiting": {
        const waiting = unsettled().filter(
          (caller) => caller.abortedByTest && !caller.controller.signal.aborted,
        );
        const caller = waiting[step.pick % Math.max(1, waiting.length)];
        if (caller) {
          const startedBefore = exchanges.length;
          caller.controller.abort();
          await flush();
          // The abort ends that caller's wait at once, and does not cancel the exchange for others.
          expect(caller.outcome?.error).toBeInstanceOf(RequestAbortedError);
          expect(exchanges.length).toBe(startedBefore);
        }
        break;
      }
    }
    await flush();
    // A token at hand is never handed out at or after its useUntil; only the waiters of the
    // exchange that just brought it get one that is already that old (it is the best there is).
    for (const caller of callers) {
      const token = caller.outcome?.token;
      if (token !== undefined && caller.outcome!.at >= issued.get(token)!.useUntil) {
        expect(caller.outcome!.at).toBe(settledAt.get(token));
      }
    }
  }

  // Liveness: settle whatever is left (bounded), and nobody is left waiting.
  for (let i = 0; i < 100 && oldestPending(); i++) {
    settleOldest({ lifetimeMs: 900_000 });
    await flush();
  }
  expect(oldestPending()).toBeUndefined();
  expect(unsettled()).toEqual([]);
}

describe("RefreshingToken under arbitrary interleavings", () => {
  it("keeps one exchange in flight, answers every waiter of an exchange alike, hands out a cached token only before its useUntil", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => play(actions)),
      { numRuns: 300 },
    );
  });

  it("shares one exchange among many concurrent callers", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 30 }), async (callers) => {
        let exchanges = 0;
        let finish!: (issued: IssuedToken) => void;
        const tokens = new RefreshingToken(
          () => {
            exchanges++;
            return new Promise<IssuedToken>((resolve) => (finish = resolve));
          },
          () => 0,
        );
        const all = Promise.all(Array.from({ length: callers }, () => tokens.getToken()));
        await flush();
        finish(issuedToken("shared", 0, 900_000));
        expect(new Set(await all)).toEqual(new Set(["shared"]));
        expect(exchanges).toBe(1);
      }),
      { numRuns: 50 },
    );
  });
});

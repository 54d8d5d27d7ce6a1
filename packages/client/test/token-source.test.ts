import { afterEach, describe, expect, it, vi } from "vitest";
import { RequestAbortedError } from "../src/index.js";
import { IDLE_GRACE_MS, type IssuedToken, issuedToken, RefreshingToken } from "../src/auth/tokens.js";

/** An exchange whose calls the test resolves or rejects by hand; each keeps its signal. */
function manualExchange() {
  const calls: Array<{
    resolve: (t: IssuedToken) => void;
    reject: (e: unknown) => void;
    signal: AbortSignal;
  }> = [];
  const exchange = (signal: AbortSignal) =>
    new Promise<IssuedToken>((resolve, reject) => {
      calls.push({ resolve, reject, signal });
    });
  return { exchange, calls };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe("RefreshingToken", () => {
  it("shares one exchange among concurrent callers and caches its token", async () => {
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    const waiting = Array.from({ length: 500 }, () => tokens.getToken());
    expect(calls).toHaveLength(1);
    calls[0]!.resolve(issuedToken("t1", 0, 900_000));
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(["t1"]));
    clock = 100_000;
    expect(await tokens.getToken()).toBe("t1");
    expect(calls).toHaveLength(1);
  });

  it("hands over the token at hand without a promise, and nothing when a call would have to wait", async () => {
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    expect(tokens.tokenAtHand()).toBeUndefined();
    expect(calls).toHaveLength(0);
    const first = tokens.getToken();
    calls[0]!.resolve(issuedToken("t1", 0, 900_000));
    await first;
    expect(tokens.tokenAtHand()).toBe("t1");
    clock = 855_000; // inside the refresh margin: still at hand, and a background refresh starts
    expect(tokens.tokenAtHand()).toBe("t1");
    expect(calls).toHaveLength(2);
    clock = 896_000; // in the last 5 s (2%, at most 5 s): not sendable any more
    expect(tokens.tokenAtHand()).toBeUndefined();
    calls[1]!.resolve(issuedToken("t2", 855_000, 1_755_000));
    await flush();
    expect(tokens.tokenAtHand()).toBe("t2");
  });

  it("refreshes in the background inside the margin and waits only once the token is unusable", async () => {
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    const first = tokens.getToken();
    calls[0]!.resolve(issuedToken("t1", 0, 900_000));
    await first;
    clock = 855_000; // refreshAt: 45 s (5%) before expiry for a 15-minute token
    expect(await tokens.getToken()).toBe("t1");
    expect(calls).toHaveLength(2);
    expect(await tokens.getToken()).toBe("t1");
    expect(calls).toHaveLength(2); // the background refresh is shared too
    calls[1]!.resolve(issuedToken("t2", clock, clock + 900_000));
    await flush();
    expect(await tokens.getToken()).toBe("t2");
  });

  it("never returns a token at or after its useUntil", async () => {
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    const first = tokens.getToken();
    const issued = issuedToken("short", 0, 2_000);
    calls[0]!.resolve(issued);
    await first;
    clock = issued.useUntil;
    const next = tokens.getToken();
    await flush();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(issuedToken("fresh", clock, clock + 2_000));
    expect(await next).toBe("fresh");
  });

  it("rejects every waiter with the same error and does not cache the failure", async () => {
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => 0);
    const waiters = [tokens.getToken(), tokens.getToken(), tokens.getToken()];
    const failure = new Error("exchange refused");
    calls[0]!.reject(failure);
    const results = await Promise.allSettled(waiters);
    expect(results.map((r) => (r.status === "rejected" ? r.reason : undefined))).toEqual([
      failure,
      failure,
      failure,
    ]);
    const retry = tokens.getToken();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(issuedToken("t", 0, 900_000));
    expect(await retry).toBe("t");
  });

  it("forgets a rejected token only when it is still the current one", async () => {
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => 0);
    const first = tokens.getToken();
    calls[0]!.resolve(issuedToken("t1", 0, 900_000));
    await first;
    tokens.rejectToken("some-older-token");
    expect(await tokens.getToken()).toBe("t1");
    expect(calls).toHaveLength(1);
    tokens.rejectToken("t1");
    const next = tokens.getToken();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(issuedToken("t2", 0, 900_000));
    expect(await next).toBe("t2");
  });

  it("sends a token just received even when it expires before it could be used, and exchanges again next time", async () => {
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    const first = tokens.getToken();
    // The exchange took 1.2 s for a 1-second token: its useUntil has passed on arrival.
    clock = 1_200;
    calls[0]!.resolve(issuedToken("late", 0, 1_000));
    expect(await first).toBe("late");
    expect(tokens.tokenAtHand()).toBeUndefined();
    const second = tokens.getToken();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve(issuedToken("next", 1_200, 2_200));
    expect(await second).toBe("next");
  });

  it("lets one waiter abort without cancelling the exchange for the others", async () => {
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => 0);
    const controller = new AbortController();
    const impatient = tokens.getToken(controller.signal);
    const patient = tokens.getToken();
    controller.abort();
    await expect(impatient).rejects.toBeInstanceOf(RequestAbortedError);
    calls[0]!.resolve(issuedToken("t", 0, 900_000));
    expect(await patient).toBe("t");
    expect(calls).toHaveLength(1);
  });

  it("rejects at once for a signal that is already aborted", async () => {
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => 0);
    await expect(tokens.getToken(AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
    expect(calls).toHaveLength(1); // the exchange still runs for whoever asks next
  });
});

describe("RefreshingToken, with the calls in flight counted", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("cancels an exchange once no call has been in flight for the grace, and the next call starts a fresh one", async () => {
    vi.useFakeTimers();
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => 0);
    tokens.callsInFlight(1);
    tokens.callsInFlight(1);
    const waiters = [tokens.getToken(), tokens.getToken()];
    for (const waiter of waiters) Promise.resolve(waiter).catch(() => {});
    tokens.callsInFlight(-1);
    vi.advanceTimersByTime(IDLE_GRACE_MS * 2);
    // One call left: the other still waits, so the exchange goes on.
    expect(calls[0]!.signal.aborted).toBe(false);
    tokens.callsInFlight(-1);
    vi.advanceTimersByTime(IDLE_GRACE_MS - 1);
    expect(calls[0]!.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(calls[0]!.signal.aborted).toBe(true);
    tokens.callsInFlight(1);
    const next = tokens.getToken();
    expect(calls).toHaveLength(2);
    calls[0]!.resolve(issuedToken("cancelled", 0, 900_000));
    calls[1]!.resolve(issuedToken("fresh", 0, 900_000));
    expect(await next).toBe("fresh");
    expect(tokens.tokenAtHand()).toBe("fresh");
    tokens.callsInFlight(-1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("keeps a background refresh going through sequential calls, and cancels it once they stop", async () => {
    vi.useFakeTimers();
    let clock = 0;
    const { exchange, calls } = manualExchange();
    const tokens = new RefreshingToken(exchange, () => clock);
    const first = tokens.getToken();
    calls[0]!.resolve(issuedToken("t1", 0, 900_000));
    await first;
    clock = 860_000; // inside the refresh margin
    for (let call = 0; call < 5; call++) {
      tokens.callsInFlight(1);
      expect(tokens.getToken()).toBe("t1");
      tokens.callsInFlight(-1);
      vi.advanceTimersByTime(IDLE_GRACE_MS / 2);
    }
    expect(calls).toHaveLength(2);
    expect(calls[1]!.signal.aborted).toBe(false);
    vi.advanceTimersByTime(IDLE_GRACE_MS);
    expect(calls[1]!.signal.aborted).toBe(true);
    // The next call inside the margin starts a fresh refresh, which completes while it is in flight.
    tokens.callsInFlight(1);
    expect(tokens.getToken()).toBe("t1");
    calls[2]!.resolve(issuedToken("t2", clock, clock + 900_000));
    await vi.advanceTimersByTimeAsync(0);
    tokens.callsInFlight(-1);
    expect(tokens.tokenAtHand()).toBe("t2");
    expect(vi.getTimerCount()).toBe(0);
  });
});

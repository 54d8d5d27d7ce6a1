import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestAbortedError } from "../../src/index.js";
import { discard, settleOrAbandon } from "../../src/abort.js";
import { describeNetworkFailure } from "../../src/transport/failures.js";
import { sleep } from "../../src/transport/sleep.js";
import { AttemptTimers } from "../../src/transport/timeout.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
});
afterEach(async () => {
  // At most the attempt timers' idle timer is left; it fires on nothing and is gone.
  expect(vi.getTimerCount()).toBeLessThanOrEqual(1);
  await vi.advanceTimersByTimeAsync(60_000);
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe("sleep", () => {
  it("resolves after the delay and removes its listener", async () => {
    const controller = new AbortController();
    let done = false;
    void sleep(500, controller.signal).then(() => (done = true));
    await vi.advanceTimersByTimeAsync(499);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects at once on abort and clears its timer", async () => {
    const controller = new AbortController();
    const outcome = sleep(60_000, controller.signal).catch((error: unknown) => error);
    controller.abort("stop");
    const error = await outcome;
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect((error as Error).cause).toBe("stop");
  });

  it("rejects without a timer when already aborted", async () => {
    await expect(sleep(10, AbortSignal.abort())).rejects.toBeInstanceOf(RequestAbortedError);
  });
});

describe("AttemptTimers", () => {
  it("fires on timeout and says so", async () => {
    const caller = new AbortController();
    const attempt = new AttemptTimers().start(caller.signal, 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(attempt.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempt.signal.aborted).toBe(true);
    expect(attempt.timedOut).toBe(true);
    expect((attempt.signal.reason as DOMException).name).toBe("TimeoutError");
    attempt.dispose();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
  });

  it("keeps to its timeout when the wall clock is set back or forward", async () => {
    const timers = new AttemptTimers();
    const first = timers.start(undefined, 100);
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(100);
    expect(first.timedOut).toBe(true);
    const second = timers.start(undefined, 100);
    vi.setSystemTime(Date.now() + 3_600_000);
    await vi.advanceTimersByTimeAsync(99);
    expect(second.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(second.timedOut).toBe(true);
  });

  it("fires on the caller's abort, with the caller's reason, and is not a timeout", () => {
    const caller = new AbortController();
    const attempt = new AttemptTimers().start(caller.signal, 100);
    caller.abort("bye");
    expect(attempt.signal.reason).toBe("bye");
    expect(attempt.timedOut).toBe(false);
    attempt.dispose();
  });

  it("starts aborted when the caller already aborted", () => {
    const attempt = new AttemptTimers().start(AbortSignal.abort("early"), 100);
    expect(attempt.signal.aborted).toBe(true);
    attempt.dispose();
  });

  it("watches every attempt in flight with one timer, kept for the next attempt once they end", async () => {
    const caller = new AbortController();
    const timers = new AttemptTimers();
    const attempts = Array.from({ length: 50 }, () => timers.start(caller.signal, 100));
    expect(vi.getTimerCount()).toBe(1);
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(50);
    for (const attempt of attempts) attempt.dispose();
    expect(getEventListeners(caller.signal, "abort")).toHaveLength(0);
    // Idle, the timer stays armed (unref'd) so that the next attempt does not arm another.
    const next = timers.start(caller.signal, 100);
    expect(vi.getTimerCount()).toBe(1);
    next.dispose();
    await vi.advanceTimersByTimeAsync(100);
    expect(attempts.some((attempt) => attempt.signal.aborted) || next.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("unrefs its idle timer, and refs it again when an attempt starts", () => {
    const calls: string[] = [];
    const realSetTimeout = globalThis.setTimeout;
    const spy = vi.spyOn(globalThis, "setTimeout").mockImplementation(((callback: () => void, ms: number) => {
      const timer = realSetTimeout(callback, ms);
      return Object.assign(timer, { ref: () => (calls.push("ref"), timer), unref: () => (calls.push("unref"), timer) });
    }) as typeof setTimeout);
    const timers = new AttemptTimers();
    const caller = new AbortController().signal;
    timers.start(caller, 100).dispose();
    timers.start(caller, 100).dispose();
    expect(spy).toHaveBeenCalledTimes(1);
    expect(calls).toEqual(["unref", "ref", "unref"]);
    spy.mockRestore();
  });

  it("times each attempt from its own start, whatever the order of their deadlines", async () => {
    const timers = new AttemptTimers();
    const caller = new AbortController().signal;
    const long = timers.start(caller, 300);
    await vi.advanceTimersByTimeAsync(100);
    const short = timers.start(caller, 50);
    const later = timers.start(caller, 300);
    await vi.advanceTimersByTimeAsync(49);
    expect([long.signal.aborted, short.signal.aborted, later.signal.aborted]).toEqual([false, false, false]);
    await vi.advanceTimersByTimeAsync(1);
    expect([long.signal.aborted, short.signal.aborted, later.signal.aborted]).toEqual([false, true, false]);
    await vi.advanceTimersByTimeAsync(149);
    expect(long.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect([long.timedOut, later.signal.aborted]).toEqual([true, false]);
    await vi.advanceTimersByTimeAsync(100);
    expect(later.timedOut).toBe(true);
    for (const attempt of [long, short, later]) attempt.dispose();
    // The last sweep found nothing left to watch, so it armed nothing.
    expect(vi.getTimerCount()).toBe(0);
  });

  it("never fires for an attempt that ended in time", async () => {
    const timers = new AttemptTimers();
    const caller = new AbortController().signal;
    const done = timers.start(caller, 100);
    const running = timers.start(caller, 200);
    done.dispose();
    await vi.advanceTimersByTimeAsync(150);
    expect([done.signal.aborted, running.signal.aborted]).toEqual([false, false]);
    await vi.advanceTimersByTimeAsync(50);
    expect(running.timedOut).toBe(true);
    running.dispose();
  });
});

describe("settleOrAbandon", () => {
  it("settles with the work and removes its listener", async () => {
    const controller = new AbortController();
    await expect(settleOrAbandon(Promise.resolve(1), controller.signal, () => {})).resolves.toBe(1);
    await expect(settleOrAbandon(Promise.reject(new Error("x")), controller.signal, () => {})).rejects.toThrow("x");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects at once on abort, releases a late result and swallows a late failure", async () => {
    const controller = new AbortController();
    let finish!: (value: string) => void;
    const released: string[] = [];
    const outcome = settleOrAbandon(new Promise<string>((resolve) => (finish = resolve)), controller.signal, (late) => released.push(late));
    controller.abort("gone");
    await expect(outcome).rejects.toBe("gone");
    finish("late");
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toEqual(["late"]);

    // A late failure is swallowed: the suite's unhandled-rejection check would see it otherwise.
    const failed = settleOrAbandon(Promise.reject(new Error("late failure")), AbortSignal.abort("x"), () => {});
    await expect(failed).rejects.toBe("x");
  });

  it("discard cancels the body of an answer nobody reads", async () => {
    let cancelled = false;
    discard(new Response(new ReadableStream({ cancel: () => void (cancelled = true) })));
    await vi.advanceTimersByTimeAsync(0);
    expect(cancelled).toBe(true);
    expect(() => discard(new Response(null, { status: 204 }))).not.toThrow();
  });
});

describe("describeNetworkFailure", () => {
  const withCode = (code: string) => new TypeError("fetch failed", { cause: Object.assign(new Error(`${code} happened`), { code }) });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"])(
    "knows %s never reached the server",
    (code) => {
      expect(describeNetworkFailure(withCode(code))).toEqual({ neverSent: true, reason: `${code} happened` });
    },
  );

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT"])("knows %s may have reached it", (code) => {
    expect(describeNetworkFailure(withCode(code))?.neverSent).toBe(false);
  });

  it("adds the code to a message that lacks it", () => {
    const error = new TypeError("fetch failed", { cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }) });
    expect(describeNetworkFailure(error)?.reason).toBe("other side closed (UND_ERR_SOCKET)");
  });

  it("is undefined for an error that is not a network failure", () => {
    expect(describeNetworkFailure(new Error("bug"))).toBeUndefined();
    expect(describeNetworkFailure("a string")).toBeUndefined();
  });
});

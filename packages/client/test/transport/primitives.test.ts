import { getEventListeners } from "node:events";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RequestAbortedError, RequestTimeoutError } from "../../src/index.js";
import { discard, settleOrAbandon } from "../../src/http.js";
import { startAttempt } from "../../src/transport/attempt.js";
import { describeNetworkFailure, sleep } from "../../src/transport/retry.js";

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
});
afterEach(async () => {
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

describe("Attempt", () => {
  const request = (signal?: AbortSignal) => new Request("https://api.test/things?secret=1", { signal });

  it("fires on timeout with a RequestTimeoutError that names the request without its query", async () => {
    const attempt = startAttempt(request(), 100);
    await vi.advanceTimersByTimeAsync(99);
    expect(attempt.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(attempt.timedOut()).toBe(true);
    expect(attempt.signal.reason).toBeInstanceOf(RequestTimeoutError);
    expect((attempt.signal.reason as Error).message).toBe(
      "GET https://api.test/things took longer than 100 ms",
    );
  });

  it("keeps to its timeout when the wall clock is set back", async () => {
    const attempt = startAttempt(request(), 1_000);
    vi.setSystemTime(Date.now() - 3_600_000);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(attempt.timedOut()).toBe(true);
  });

  it("fires on the caller's abort with a RequestAbortedError carrying the caller's reason, and is not a timeout", () => {
    const caller = new AbortController();
    const attempt = startAttempt(request(caller.signal), 100);
    caller.abort("stop");
    expect(attempt.signal.reason).toBeInstanceOf(RequestAbortedError);
    expect((attempt.signal.reason as Error).cause).toBe("stop");
    expect(attempt.timedOut()).toBe(false);
    attempt.end();
  });

  it("starts aborted when the caller already aborted", () => {
    const attempt = startAttempt(request(AbortSignal.abort("early")), 100);
    expect(attempt.signal.aborted).toBe(true);
    attempt.end();
  });

  it("leaves no timer and no listener once it ends", async () => {
    const caller = new AbortController();
    const sent = request(caller.signal);
    const attempt = startAttempt(sent, 100);
    expect(vi.getTimerCount()).toBe(1);
    attempt.end();
    expect(vi.getTimerCount()).toBe(0);
    expect(getEventListeners(sent.signal, "abort")).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(attempt.signal.aborted).toBe(false);
  });

  it("stops its timer once answered, and still passes the caller's abort on to the body", async () => {
    const caller = new AbortController();
    const sent = request(caller.signal);
    const attempt = startAttempt(sent, 100);
    attempt.answered();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(attempt.signal.aborted).toBe(false);
    expect(getEventListeners(sent.signal, "abort")).toHaveLength(1);
    caller.abort("stop");
    expect(attempt.signal.reason).toBeInstanceOf(RequestAbortedError);
  });

  it("listens to the signal of every request, whatever keys it carries", () => {
    for (const sent of [request(), Object.assign(request(), { agentEngineNoCallerSignal: true })]) {
      const listened = startAttempt(sent, 100);
      expect(getEventListeners(sent.signal, "abort")).toHaveLength(1);
      listened.end();
    }
  });
});

describe("settleOrAbandon", () => {
  it("settles with the work and removes its listener", async () => {
    const controller = new AbortController();
    await expect(settleOrAbandon(Promise.resolve(1), controller.signal, () => {})).resolves.toBe(1);
    await expect(
      settleOrAbandon(Promise.reject(new Error("x")), controller.signal, () => {}),
    ).rejects.toThrow("x");
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  });

  it("rejects at once on abort, releases a late result and swallows a late failure", async () => {
    const controller = new AbortController();
    let finish!: (value: string) => void;
    const released: string[] = [];
    const outcome = settleOrAbandon(
      new Promise<string>((resolve) => (finish = resolve)),
      controller.signal,
      (late) => released.push(late),
    );
    controller.abort("gone");
    await expect(outcome).rejects.toBe("gone");
    finish("late");
    await vi.advanceTimersByTimeAsync(0);
    expect(released).toEqual(["late"]);

    // A late failure is swallowed: the suite's unhandled-rejection check would see it otherwise.
    const failed = settleOrAbandon(
      Promise.reject(new Error("late failure")),
      AbortSignal.abort("x"),
      () => {},
    );
    await expect(failed).rejects.toBe("x");
  });

  it("discard cancels the body of an answer nobody reads", async () => {
    let cancelled = false;
    discard(
      new Response(
        new ReadableStream({
          cancel: () => {
            cancelled = true;
          },
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(cancelled).toBe(true);
    expect(() => discard(new Response(null, { status: 204 }))).not.toThrow();
  });
});

describe("describeNetworkFailure", () => {
  const withCode = (code: string) =>
    new TypeError("fetch failed", { cause: Object.assign(new Error(`${code} happened`), { code }) });

  it.each([
    "ECONNREFUSED",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "UND_ERR_CONNECT_TIMEOUT",
  ])("knows %s never reached the server", (code) => {
    expect(describeNetworkFailure(withCode(code))).toEqual({ neverSent: true, reason: `${code} happened` });
  });

  it.each(["ECONNRESET", "EPIPE", "UND_ERR_SOCKET", "UND_ERR_HEADERS_TIMEOUT"])(
    "knows %s may have reached it",
    (code) => {
      expect(describeNetworkFailure(withCode(code))?.neverSent).toBe(false);
    },
  );

  it("adds the code to a message that lacks it", () => {
    const error = new TypeError("fetch failed", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    expect(describeNetworkFailure(error)?.reason).toBe("other side closed (UND_ERR_SOCKET)");
  });

  it("is undefined for an error that is not a network failure", () => {
    expect(describeNetworkFailure(new Error("bug"))).toBeUndefined();
    expect(describeNetworkFailure("a string")).toBeUndefined();
  });
});

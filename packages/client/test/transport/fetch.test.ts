import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  AgentEngineError,
  ConnectionError,
  createTransport,
  InvalidArgumentError,
  RequestAbortedError,
  RequestTimeoutError,
  type TransportOptions,
} from "../../src/index.js";
import {
  BASE,
  DEFINITIONS_PATH,
  get,
  post,
  refused,
  SCOPED_PATH,
  scriptedFetch,
  TOKEN_PATH,
  WIDGET_PATH,
  withOverrides,
  type Step,
} from "./scripted-fetch.js";

interface Tracked<T> {
  settled: boolean;
  value?: T;
  error?: unknown;
  /** Fake time at which it settled. */
  at?: number;
}

/** Answers the transport handed back, so that the test can end as openapi-fetch would: every body read or cancelled. */
const handedBack: Response[] = [];

function track<T>(promise: Promise<T>): Tracked<T> {
  const state: Tracked<T> = { settled: false };
  promise.then(
    (value) => {
      if (value instanceof Response) handedBack.push(value);
      Object.assign(state, { settled: true, value, at: Date.now() });
    },
    (error: unknown) => Object.assign(state, { settled: true, error, at: Date.now() }),
  );
  return state;
}

const FAST: TransportOptions["retry"] = { baseDelayMs: 100, maxDelayMs: 1_000 };

function setup(steps: Step[], options: Partial<TransportOptions> = {}) {
  const script = scriptedFetch(steps);
  const transport = createTransport({
    fetch: script.fetch,
    retry: FAST,
    timeoutMs: 5_000,
    random: () => 0,
    ...options,
  });
  return { ...script, transport };
}

/** Runs the call to its end under fake time, one timer at a time, and stops once it settles. */
async function run<T>(promise: Promise<T>): Promise<Tracked<T>> {
  const state = track(promise);
  for (let step = 0; step < 1_000; step++) {
    await vi.advanceTimersByTimeAsync(0);
    if (state.settled) break;
    await vi.advanceTimersToNextTimerAsync();
  }
  expect(state.settled).toBe(true);
  return state;
}

let start: number;
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  start = Date.now();
});
afterEach(async () => {
  // openapi-fetch reads or cancels every body it is handed back; the tests leave that to here.
  for (const response of handedBack.splice(0)) if (!response.bodyUsed) await response.body?.cancel();
  // Whatever the outcome, a settled call leaves no timer: the attempt's stops at the headers.
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

describe("retries of answers", () => {
  it("retries 503 on a GET and returns the first success, after the backoff", async () => {
    const { transport, attempts } = setup([
      { status: 503 },
      { status: 503 },
      { status: 200, body: '{"ok":true}' },
    ]);
    const result = await run(transport(get()));
    expect(attempts).toHaveLength(3);
    const response = result.value!;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    // Equal jitter with random() = 0: half the capped exponential delay (100 ms, then 200 ms).
    expect(attempts.map((a) => a.at - start)).toEqual([0, 50, 150]);
  });

  it.each([408, 429, 500, 502, 503, 504])("retries %i", async (status) => {
    const { transport, attempts } = setup([{ status }, { status: 200 }]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(200);
    expect(attempts).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 409, 422, 501])("does not retry %i", async (status) => {
    const { transport, attempts } = setup([{ status }, { status: 200 }]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(status);
    expect(attempts).toHaveLength(1);
  });

  it("returns the last error answer, body intact, once the retries are spent", async () => {
    const { transport, attempts } = setup([
      { status: 500, body: '{"message":"down"}', headers: { "x-request-id": "r-1" } },
    ]);
    const result = await run(transport(get()));
    expect(attempts).toHaveLength(3);
    expect(result.value!.status).toBe(500);
    expect(result.value!.headers.get("x-request-id")).toBe("r-1");
    expect(await result.value!.json()).toEqual({ message: "down" });
  });

  it("sends the default of 3 attempts, and maxRetries + 1 when set", async () => {
    const defaults = scriptedFetch([{ status: 503 }]);
    await run(createTransport({ fetch: defaults.fetch, random: () => 0 })(get()));
    expect(defaults.attempts).toHaveLength(3);
    // 500 ms base: 250 then 500 ms with random() = 0.
    expect(defaults.attempts.map((a) => a.at - start)).toEqual([0, 250, 750]);

    const five = setup([{ status: 503 }], { retry: { ...FAST, maxRetries: 4 } });
    await run(five.transport(get()));
    expect(five.attempts).toHaveLength(5);
  });

  it("sends once with retry: false or maxRetries: 0", async () => {
    for (const retry of [false, { maxRetries: 0 }] as const) {
      const { transport, attempts } = setup([{ status: 503 }], { retry });
      const result = await run(transport(get()));
      expect(result.value!.status).toBe(503);
      expect(attempts).toHaveLength(1);
    }
  });

  it("caps the backoff at maxDelayMs and doubles it below the cap", async () => {
    const { transport, attempts } = setup([{ status: 503 }], {
      retry: { baseDelayMs: 100, maxDelayMs: 300, maxRetries: 4 },
      random: () => 0.999_999,
    });
    await run(transport(get()));
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i]!.at);
    expect(gaps).toEqual([100, 200, 300, 300]);
  });
});

describe("which requests are retried", () => {
  it("does not retry a 503 on a POST that is not a token mint", async () => {
    const { transport, attempts } = setup([{ status: 503 }, { status: 200 }]);
    const result = await run(transport(post("/api/v1/integrations/connectors", { name: "x" })));
    expect(result.value!.status).toBe(503);
    expect(attempts).toHaveLength(1);
  });

  it.each([TOKEN_PATH, SCOPED_PATH, WIDGET_PATH])(
    "retries the mint POST %s, resending the same body",
    async (path) => {
      const { transport, attempts } = setup([{ status: 502 }, { status: 503 }, { status: 200 }]);
      const result = await run(transport(post(path, { workspace_name: "w" })));
      expect(result.value!.status).toBe(200);
      expect(attempts.map((a) => a.body)).toEqual(Array(3).fill('{"workspace_name":"w"}'));
      expect(attempts.every((a) => a.headers.get("content-type") === "application/json")).toBe(true);
    },
  );

  it("recognises a mint behind a base URL with a path prefix", async () => {
    const { transport, attempts } = setup([{ status: 503 }, { status: 200 }]);
    await run(transport(new Request(`${BASE}/proxy${SCOPED_PATH}`, { method: "POST", body: "{}" })));
    expect(attempts).toHaveLength(2);
  });

  it("retries any method when the caller opts in with retryNonIdempotent", async () => {
    const { transport, attempts } = setup([{ status: 503 }, refused("ECONNRESET"), { status: 201 }], {
      retry: { ...FAST, retryNonIdempotent: true },
    });
    const result = await run(transport(post("/api/v1/integrations/connectors", { name: "x" })));
    expect(result.value!.status).toBe(201);
    expect(attempts.map((a) => a.body)).toEqual(Array(3).fill('{"name":"x"}'));
  });

  it("retries a refused connection on a POST: the server never saw it", async () => {
    const { transport, attempts } = setup([refused("ECONNREFUSED"), refused("ENOTFOUND"), { status: 201 }]);
    const result = await run(transport(post("/api/v1/integrations/connectors", { name: "x" })));
    expect(result.value!.status).toBe(201);
    expect(attempts).toHaveLength(3);
  });

  it("does not retry a reset on a POST, and says why", async () => {
    const { transport, attempts } = setup([refused("ECONNRESET"), { status: 201 }]);
    const result = await run(transport(post("/api/v1/integrations/connectors", { name: "x" })));
    expect(attempts).toHaveLength(1);
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect(result.error).not.toBeInstanceOf(RequestTimeoutError);
    expect((result.error as Error).message).toMatch(
      /^POST https:\/\/api\.example\.test\/api\/v1\/integrations\/connectors got no answer: .*ECONNRESET.*not retried/,
    );
  });

  it("retries resets and socket errors on a GET", async () => {
    const socketError = {
      throws: new TypeError("fetch failed", {
        cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
      }),
    };
    const { transport, attempts } = setup([refused("ECONNRESET"), socketError, { status: 200 }]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(200);
    expect(attempts).toHaveLength(3);
  });

  it("treats a bare TypeError (a browser's network error) as a connection failure", async () => {
    const { transport, attempts } = setup([{ throws: new TypeError("Failed to fetch") }]);
    const result = await run(transport(get()));
    expect(attempts).toHaveLength(3);
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect((result.error as Error).message).toContain("Failed to fetch (attempt 3 of 3)");
  });

  it("throws one ConnectionError naming the code after the last DNS failure", async () => {
    const { transport, attempts } = setup([refused("ENOTFOUND")]);
    const result = await run(transport(get(`${DEFINITIONS_PATH}?name=secret-query`)));
    expect(attempts).toHaveLength(3);
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect(result.error).toBeInstanceOf(AgentEngineError);
    const message = (result.error as Error).message;
    expect(message).toContain("ENOTFOUND");
    expect(message).not.toContain("secret-query");
    expect((result.error as Error).cause).toBeInstanceOf(TypeError);
  });

  it("finds the code inside an AggregateError (happy eyeballs)", async () => {
    const aggregate = new AggregateError(
      [Object.assign(new Error("connect ECONNREFUSED ::1:1"), { code: "ECONNREFUSED" })],
      "",
    );
    const { transport, attempts } = setup([
      { throws: new TypeError("fetch failed", { cause: aggregate }) },
      { status: 200 },
    ]);
    await run(transport(post("/api/v1/integrations/connectors", {})));
    expect(attempts).toHaveLength(2);
  });

  it("does not retry an error that is not a network failure (a custom fetch's bug)", async () => {
    const { transport, attempts } = setup([
      { throws: new RangeError("bug in custom fetch") },
      { status: 200 },
    ]);
    const result = await run(transport(get()));
    expect(attempts).toHaveLength(1);
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect((result.error as Error).message).toContain("bug in custom fetch");
  });

  it("passes this client's own errors through untouched", async () => {
    const own = new InvalidArgumentError("x", "rule", '"y"');
    const { transport, attempts } = setup([{ throws: own }]);
    const result = await run(transport(get()));
    expect(result.error).toBe(own);
    expect(attempts).toHaveLength(1);
  });
});

describe("Retry-After", () => {
  it("waits the seconds the server asks for", async () => {
    const { transport, attempts } = setup([
      { status: 429, headers: { "retry-after": "3" } },
      { status: 200 },
    ]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(200);
    expect(attempts[1]!.at - attempts[0]!.at).toBe(3_000);
  });

  it("waits until an HTTP date", async () => {
    const when = new Date(Math.ceil((Date.now() + 4_000) / 1000) * 1000);
    const { transport, attempts } = setup([
      { status: 503, headers: { "retry-after": when.toUTCString() } },
      { status: 200 },
    ]);
    await run(transport(get()));
    expect(attempts[1]!.at).toBe(when.getTime());
  });

  it("waits the backoff when it is longer than the server's delay", async () => {
    const { transport, attempts } = setup([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200 },
    ]);
    await run(transport(get()));
    expect(attempts[1]!.at - attempts[0]!.at).toBe(50);
  });

  it("returns the 429 at once, without retrying, when the server asks for longer than maxRetryAfterMs", async () => {
    const { transport, attempts } = setup([
      { status: 429, headers: { "retry-after": "61" } },
      { status: 200 },
    ]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(429);
    expect(result.value!.headers.get("retry-after")).toBe("61");
    expect(attempts).toHaveLength(1);
    expect(result.at).toBe(start);
  });

  it("honours a raised maxRetryAfterMs", async () => {
    const { transport, attempts } = setup(
      [{ status: 429, headers: { "retry-after": "61" } }, { status: 200 }],
      {
        retry: { ...FAST, maxRetryAfterMs: 120_000 },
      },
    );
    await run(transport(get()));
    expect(attempts[1]!.at - attempts[0]!.at).toBe(61_000);
  });

  it("falls back to the backoff for an unreadable Retry-After", async () => {
    const { transport, attempts } = setup([
      { status: 503, headers: { "retry-after": "soon" } },
      { status: 200 },
    ]);
    await run(transport(get()));
    expect(attempts[1]!.at - attempts[0]!.at).toBe(50);
  });
});

describe("timeouts", () => {
  it("times out each attempt, retries a GET, then throws RequestTimeoutError", async () => {
    const { transport, attempts } = setup([{ hang: true }], { timeoutMs: 1_000 });
    const result = await run(transport(get()));
    expect(attempts).toHaveLength(3);
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect(result.error).toBeInstanceOf(AgentEngineError);
    expect(result.error).not.toBeInstanceOf(RequestAbortedError);
    expect((result.error as Error).message).toBe(
      `GET ${BASE}${DEFINITIONS_PATH} took longer than 1000 ms (attempt 3 of 3)`,
    );
    expect(attempts.map((a) => a.at - start)).toEqual([0, 1_050, 2_150]);
    expect(result.at! - start).toBe(3_150);
    expect(attempts.every((a) => a.signal.aborted)).toBe(true);
  });

  it("recovers when a later attempt answers in time", async () => {
    const { transport, attempts } = setup([{ hang: true }, { status: 200 }], { timeoutMs: 1_000 });
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(200);
    expect(attempts).toHaveLength(2);
  });

  it("does not retry a timed-out POST that is not a mint", async () => {
    const { transport, attempts } = setup([{ hang: true }], { timeoutMs: 1_000 });
    const result = await run(transport(post("/api/v1/integrations/connectors", {})));
    expect(attempts).toHaveLength(1);
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
  });

  it("times out even when the fetch ignores its signal, and drops the late answer", async () => {
    const late = new Response(new ReadableStream({ cancel: () => void lateCancelled.push(true) }));
    const lateCancelled: boolean[] = [];
    const { transport } = setup([{ hangDeaf: true, lateResponse: late }], { timeoutMs: 1_000, retry: false });
    const result = await run(transport(get()));
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect(result.at! - start).toBe(1_000);
    await vi.advanceTimersByTimeAsync(10_000); // the deaf fetch answers at last
    expect(lateCancelled).toEqual([true]);
  });

  it("stops the clock at the headers: a body that stalls past timeoutMs is left to the caller's signal", async () => {
    const controller = new AbortController();
    const { transport, attempts, released } = setup([{ stallBody: true }], { timeoutMs: 1_000 });
    const response = (await run(transport(get(DEFINITIONS_PATH, { signal: controller.signal })))).value!;
    expect(vi.getTimerCount()).toBe(0);
    const read = track(response.text());
    await vi.advanceTimersByTimeAsync(5_000);
    expect(read.settled).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(read.error).toBeInstanceOf(RequestAbortedError);
    // The answer was handed back before its body stalled, so there is nothing to retry.
    expect(attempts).toHaveLength(1);
    expect(released).toEqual(["stalled body"]);
  });

  it("leaves no timer behind once the headers are in, whether or not the caller passed a signal", async () => {
    for (const signal of [undefined, new AbortController().signal]) {
      const { transport } = setup([{ status: 200, body: '{"ok":true}' }], { timeoutMs: 1_000 });
      const response = (await run(transport(get(DEFINITIONS_PATH, { signal })))).value!;
      expect(vi.getTimerCount()).toBe(0);
      expect(await response.json()).toEqual({ ok: true });
    }
  });
});

describe("cancellation", () => {
  it("rejects at once with RequestAbortedError when the caller aborts an attempt, and does not retry", async () => {
    const controller = new AbortController();
    const { transport, attempts } = setup([{ hang: true }]);
    const state = track(transport(get(DEFINITIONS_PATH, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(200);
    const reason = new Error("user navigated away");
    controller.abort(reason);
    await vi.advanceTimersByTimeAsync(0);
    expect(state.error).toBeInstanceOf(RequestAbortedError);
    expect(state.error).not.toBeInstanceOf(ConnectionError);
    expect((state.error as Error).cause).toBe(reason);
    expect(state.at! - start).toBe(200);
    await vi.runAllTimersAsync();
    expect(attempts).toHaveLength(1);
  });

  it("rejects at once when the caller aborts during the backoff sleep", async () => {
    const controller = new AbortController();
    const { transport, attempts } = setup([
      { status: 429, headers: { "retry-after": "30" } },
      { status: 200 },
    ]);
    const state = track(transport(get(DEFINITIONS_PATH, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(state.settled).toBe(false);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.error).toBeInstanceOf(RequestAbortedError);
    expect(state.at! - start).toBe(1_000);
    // The sleep's timer is cleared, and so is the attempt's: nothing is left.
    expect(vi.getTimerCount()).toBe(0);
    expect(attempts).toHaveLength(1);
  });

  it("rejects at once when the caller aborts while the body is read", async () => {
    const controller = new AbortController();
    const { transport, released } = setup([{ stallBody: true }]);
    const response = (await run(transport(get(DEFINITIONS_PATH, { signal: controller.signal })))).value!;
    const read = track(response.text());
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(read.error).toBeInstanceOf(RequestAbortedError);
    expect(released).toEqual(["stalled body"]);
  });

  it("sends nothing when the signal is already aborted", async () => {
    const { transport, attempts } = setup([{ status: 200 }]);
    const result = await run(transport(get(DEFINITIONS_PATH, { signal: AbortSignal.abort() })));
    expect(result.error).toBeInstanceOf(RequestAbortedError);
    expect(attempts).toHaveLength(0);
  });

  it("surfaces a caller's abort as an abort even when the fetch ignores signals", async () => {
    const controller = new AbortController();
    const { transport } = setup([{ hangDeaf: true }]);
    const state = track(transport(get(DEFINITIONS_PATH, { signal: controller.signal })));
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(state.error).toBeInstanceOf(RequestAbortedError);
  });
});

describe("each attempt's request", () => {
  it("is a fresh Request with the original's headers, body and per-call keys, and its own signal", async () => {
    const { transport, attempts } = setup([{ status: 503 }, { status: 200 }]);
    const request = withOverrides(post(TOKEN_PATH, { client_id: "a" }, { headers: { "x-trace": "t1" } }), {
      traceLabel: "mine",
    });
    await run(transport(request));
    expect(attempts).toHaveLength(2);
    for (const attempt of attempts) {
      expect(attempt.method).toBe("POST");
      expect(attempt.url).toBe(BASE + TOKEN_PATH);
      expect(attempt.headers.get("x-trace")).toBe("t1");
      expect(attempt.body).toBe('{"client_id":"a"}');
      expect(attempt.expandos).toEqual({ traceLabel: "mine" });
    }
    expect(attempts[0]!.signal).not.toBe(attempts[1]!.signal);
    expect(attempts[0]!.signal).not.toBe(request.signal);
  });

  it("hands back the answer's status, headers, URL and body", async () => {
    const { transport } = setup([{ status: 201, body: "created", headers: { "x-request-id": "abc" } }]);
    const result = await run(transport(get()));
    const response = result.value!;
    expect([response.status, response.headers.get("x-request-id"), await response.text()]).toEqual([
      201,
      "abc",
      "created",
    ]);
  });

  it("cancels the body of an answer it retries, so its connection is freed", async () => {
    const cancelled: number[] = [];
    let attempt = 0;
    const transport = createTransport({
      fetch: async () => {
        const serial = ++attempt;
        if (serial === 2) return new Response("fine");
        return new Response(new ReadableStream({ cancel: () => void cancelled.push(serial) }), {
          status: 503,
        });
      },
      retry: FAST,
      random: () => 0,
    });
    const result = await run(transport(get()));
    expect(await result.value!.text()).toBe("fine");
    expect(cancelled).toEqual([1]);
  });

  it("hands back a 204 without a body", async () => {
    const { transport } = setup([{ status: 204 }]);
    const result = await run(transport(get()));
    expect(result.value!.status).toBe(204);
    expect(result.value!.body).toBeNull();
  });
});

describe("per-call overrides on the request", () => {
  it("takes timeoutMs from the request", async () => {
    const { transport } = setup([{ hang: true }], { timeoutMs: 60_000, retry: false });
    const result = await run(transport(withOverrides(get(), { timeoutMs: 250 })));
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect(result.at! - start).toBe(250);
  });

  it("lays the request's retry over the client's", async () => {
    const more = setup([{ status: 503 }]);
    await run(more.transport(withOverrides(get(), { retry: { maxRetries: 5 } })));
    expect(more.attempts).toHaveLength(6);
    // The client's backoff still applies: 50, 100, 200, 400, 500 (capped at 1000 / 2).
    expect(more.attempts.map((a) => a.at - start)).toEqual([0, 50, 150, 350, 750, 1_250]);

    const none = setup([{ status: 503 }]);
    await run(none.transport(withOverrides(get(), { retry: false })));
    expect(none.attempts).toHaveLength(1);

    const optIn = setup([{ status: 503 }, { status: 200 }]);
    await run(optIn.transport(withOverrides(post("/api/v1/x", {}), { retry: { retryNonIdempotent: true } })));
    expect(optIn.attempts).toHaveLength(2);
  });

  it.each([
    [{ timeoutMs: 0 }, "timeoutMs", "number 0"],
    [{ timeoutMs: "5s" }, "timeoutMs", '"5s"'],
    [{ retry: { maxRetries: -1 } }, "retry.maxRetries", "number -1"],
    [{ retry: { maxRetires: 3 } }, "retry.maxRetires", "number 3"],
    [{ retry: true }, "retry", "boolean true"],
  ])("refuses the bad override %j before sending anything", async (overrides, argument, shown) => {
    const { transport, attempts } = setup([{ status: 200 }]);
    const result = await run(transport(withOverrides(get(), overrides)));
    expect(result.error).toBeInstanceOf(InvalidArgumentError);
    expect((result.error as InvalidArgumentError).argument).toBe(argument);
    expect((result.error as Error).message).toContain(`(${shown})`);
    expect(attempts).toHaveLength(0);
  });
});

import { abortedError, discard, settleOrAbandon } from "../abort.js";
import { AgentEngineError, ConnectionError, InvalidArgumentError, RequestTimeoutError } from "../errors.js";
import { takesNoToken } from "../auth/paths.js";
import type { TokenProvider } from "../auth/token-source.js";
import { backoffDelayMs, retryDelayMs } from "./backoff.js";
import { describeNetworkFailure } from "./failures.js";
import { readOverrides, type CallSettings } from "./overrides.js";
import { isSafeToRepeat } from "./repeatable.js";
import { RETRYABLE_STATUSES, resolveRetryPolicy, type RetryOptions } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { AttemptTimers, resolveTimeoutMs, type AttemptSignal } from "./timeout.js";
import { show } from "../validate.js";

/** The fetch the client sends with: the platform's, or one you pass (the init carries the attempt's signal). */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Sends one attempt; defaults to the platform's fetch. */
  fetch?: FetchLike;
  /** Defaults to 2 retries; `false` sends every request once. */
  retry?: RetryOptions | false;
  /** Per attempt, in ms; defaults to 60 000. */
  timeoutMs?: number;
  /** The jitter's source of randomness, in [0, 1); for tests. */
  random?: () => number;
  /**
   * True when `fetch` rejects as soon as its signal aborts, as the platform's does. Then the
   * transport does not also race each attempt against its signal, which saves work on every
   * call. A custom fetch may ignore its signal, so the default is true only without one.
   */
  fetchHonoursSignals?: boolean;
  /**
   * Sends each request, but those the spec says take no token, with this provider's bearer
   * token. After a 401 the transport drops that token and sends the request once more with
   * a fresh one (that replay is not a retry); a second 401 is returned as it is.
   */
  tokens?: TokenProvider;
}

interface Call extends CallSettings {
  request: Request;
  /** Wraps work that should end when `signal` fires, even if whoever does it ignores signals. */
  bounded: <T>(work: Promise<T>, signal: AbortSignal, release: (late: T) => void) => Promise<T>;
  /** Safe to send again even when the server may have seen it. */
  repeatable: boolean;
}

/**
 * The Request class to give openapi-fetch (its `Request` option). It notes each request built
 * without a caller's signal, whose attempts then need not listen to a signal that can never
 * fire: on a call without a signal that saves an event listener added and removed per attempt.
 */
export class CallRequest extends Request {
  // A private field, not a WeakSet: adding to a WeakSet on every call cost more than the listener it saves.
  readonly #uncancellable: boolean;

  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(input, init);
    this.#uncancellable = init?.signal == null;
  }

  /** True for a CallRequest built without a caller's signal: nothing can abort it. */
  static uncancellable(request: Request): boolean {
    return #uncancellable in request && request.#uncancellable;
  }
}

/**
 * The fetch openapi-fetch calls, so every request (token exchanges included) gets the same
 * treatment: each attempt has its own timeout, which runs until the answer's body has been
 * read; failures worth it are retried with backoff; the caller's signal cancels at once;
 * and what is left after the last attempt comes out as a typed error or as the server's answer.
 * Transports given the same `timers` share one timer for their attempts' deadlines (all of a
 * client's transports do).
 */
export function createTransport(options: TransportOptions, timers = new AttemptTimers()): FetchLike {
  const send: FetchLike = options.fetch ?? ((request, init) => fetch(request, init));
  const random = options.random ?? Math.random;
  const bounded = options.fetchHonoursSignals ?? options.fetch === undefined ? asIs : settleOrAbandon;
  const tokens = options.tokens;
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "it must be a function", show(options.fetch));
  }
  if (tokens !== undefined && (typeof tokens?.getToken !== "function" || typeof tokens.rejectToken !== "function")) {
    throw new InvalidArgumentError("tokens", "it needs getToken and rejectToken", show(tokens));
  }
  const defaults: CallSettings = {
    policy: resolveRetryPolicy(options.retry),
    timeoutMs: resolveTimeoutMs(options.timeoutMs),
  };

  return async function transport(request: Request): Promise<Response> {
    const caller = request.signal;
    if (caller.aborted) throw abortedError(caller);
    const { policy, timeoutMs } = readOverrides(request, defaults);
    const call: Call = { policy, timeoutMs, request, bounded, repeatable: policy.retryNonIdempotent || isSafeToRepeat(request) };
    const auth = tokens !== undefined && !takesNoToken(request) ? tokens : undefined;
    // A body is read once so that every attempt (and a 401 replay) can send the same bytes;
    // a bodyless request is sent as it is, which spares the hot path a copy.
    const body = request.body === null ? null : await request.arrayBuffer();
    const attempts = policy.maxRetries + 1;
    let token = "";
    let replayed = false;
    for (let attempt = 1; ; attempt++) {
      if (auth) {
        token = auth.tokenAtHand?.() ?? (await auth.getToken(caller));
        request.headers.set("Authorization", `Bearer ${token}`);
      }
      const timer = timers.start(CallRequest.uncancellable(request) ? undefined : caller, timeoutMs);
      const mayRetry = attempt < attempts;
      let response: Response;
      try {
        const outgoing = body === null ? request : withBody(request, body);
        response = await bounded(send(outgoing, { signal: timer.signal }), timer.signal, discard);
      } catch (error) {
        timer.dispose();
        await sleep(retryAfterFailure(call, error, timer, attempt, mayRetry, random), caller);
        continue;
      }
      if (auth && response.status === 401 && !replayed) {
        // The token was revoked or expired early: only that token is dropped, and the
        // replay takes whichever is current (another call may have refreshed it already).
        replayed = true;
        auth.rejectToken(token);
        timer.dispose();
        discard(response);
        attempt--;
        continue;
      }
      if (mayRetry && call.repeatable && RETRYABLE_STATUSES.has(response.status)) {
        const wait = retryDelayMs(response.headers.get("retry-after"), attempt, call.policy, random);
        if (wait !== undefined) {
          timer.dispose();
          discard(response);
          await sleep(wait, caller);
          continue;
        }
      }
      return timeBody(response, timer, call);
    }
  };
}

/**
 * The wait before the next attempt after a failure without an answer, or the typed error
 * when there is no next attempt.
 */
function retryAfterFailure(
  call: Call,
  error: unknown,
  timer: AttemptSignal,
  attempt: number,
  mayRetry: boolean,
  random: () => number,
): number {
  const { request, policy } = call;
  if (request.signal.aborted) throw abortedError(request.signal);
  if (error instanceof AgentEngineError) throw error;
  const network = timer.timedOut ? undefined : describeNetworkFailure(error);
  // A timeout or a reset may have reached the server; a refused connection never did.
  const worthRetrying = timer.timedOut ? call.repeatable : network !== undefined && (call.repeatable || network.neverSent);
  if (mayRetry && worthRetrying) return backoffDelayMs(attempt, policy, random);
  const note =
    mayRetry && !call.repeatable && (timer.timedOut || network)
      ? `not retried: a ${request.method} may have reached the server; see retry.retryNonIdempotent`
      : `attempt ${attempt} of ${policy.maxRetries + 1}`;
  throw transportError(request, error, timer, timer.timedOut ? note : `${network?.reason ?? describe(error)} (${note})`);
}

/** The typed error for an attempt that got no whole answer; `detail` ends its message. */
function transportError(request: Request, cause: unknown, timer: AttemptSignal, detail: string): AgentEngineError {
  const target = `${request.method} ${request.url.split("?")[0]}`;
  if (request.signal.aborted) return abortedError(request.signal);
  if (timer.timedOut) return new RequestTimeoutError(`${target} took longer than ${timer.timeoutMs} ms (${detail})`, { cause });
  return new ConnectionError(`${target} got no answer: ${detail}`, { cause });
}

const ATTEMPT = Symbol("attempt");

interface TimedAnswer {
  [ATTEMPT]: { timer: AttemptSignal; call: Call };
}

/**
 * Keeps the attempt's timeout running until the body is read, without copying it: the
 * answer gets a prototype whose body readers stop the timer when they are done and turn a
 * timeout, an abort or a reset into this client's typed error. A caller that takes the
 * stream itself reads at its own pace, so the timer stops there. One prototype swap costs
 * far less per call than wrapping each reader.
 */
function timeBody(response: Response, timer: AttemptSignal, call: Call): Response {
  if (
    // A null-body status (204, 304...) already has a null body; a HEAD or an empty answer
    // may have an empty stream that openapi-fetch never reads.
    response.body === null ||
    call.request.method === "HEAD" ||
    response.headers.get("content-length") === "0" ||
    // Another implementation's Response (a polyfill's, say) keeps its own prototype; its body goes untimed.
    Object.getPrototypeOf(response) !== Response.prototype
  ) {
    timer.dispose();
    return response;
  }
  (response as Response & TimedAnswer)[ATTEMPT] = { timer, call };
  return Object.setPrototypeOf(response, timedResponsePrototype) as Response;
}

// Built on first import, but marked pure so that a bundle which never sends (one that only
// validates origins, say) drops it with the rest of the transport.
const timedResponsePrototype: object = /* @__PURE__ */ createTimedResponsePrototype();

function createTimedResponsePrototype(): object {
  const prototype: object = Object.create(Response.prototype);
  const readBody = Object.getOwnPropertyDescriptor(Response.prototype, "body")?.get;
  Object.defineProperty(prototype, "body", {
    get(this: Response & TimedAnswer) {
      this[ATTEMPT].timer.dispose();
      return readBody?.call(this);
    },
  });
  for (const reader of ["arrayBuffer", "blob", "bytes", "formData", "json", "text"] as const) {
    const read = (Response.prototype as unknown as Record<string, unknown>)[reader];
    if (typeof read !== "function") continue;
    Object.defineProperty(prototype, reader, {
      value(this: Response & TimedAnswer) {
        const { timer, call } = this[ATTEMPT];
        return call.bounded(read.call(this) as Promise<unknown>, timer.signal, ignoreLate).then(
          (value) => {
            timer.dispose();
            return value;
          },
          (error: unknown) => {
            timer.dispose();
            throw error instanceof SyntaxError ? error : transportError(call.request, error, timer, `while reading the body: ${describe(error)}`);
          },
        );
      },
    });
  }
  return prototype;
}

/**
 * A fresh Request with the same bytes, carrying the original's own keys: openapi-fetch puts
 * per-call options it does not know on the Request, and a custom fetch may read them.
 */
function withBody(original: Request, body: ArrayBuffer): Request {
  const copy = new Request(original, { body });
  // String keys only: the platform keeps a Request's internals under symbols.
  for (const key of Object.keys(original)) (copy as unknown as Record<string, unknown>)[key] = (original as unknown as Record<string, unknown>)[key];
  return copy;
}

function asIs<T>(work: Promise<T>): Promise<T> {
  return work;
}

function ignoreLate(): void {
  // The attempt is over; what its body does now concerns nobody.
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

import { abortedError, discard, settleOrAbandon } from "../abort.js";
import {
  AgentEngineError,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
  RequestTimeoutError,
} from "../errors.js";
import { takesNoToken } from "../auth/paths.js";
import type { TokenProvider } from "../auth/token-source.js";
import { Attempt, describeTarget } from "./attempt.js";
import { backoffDelayMs, retryDelayMs } from "./backoff.js";
import { describeNetworkFailure } from "./failures.js";
import { readOverrides, type CallSettings } from "./overrides.js";
import { followSameOrigin } from "./redirect.js";
import { isSafeToRepeat, isTokenMint } from "./repeatable.js";
import { RETRYABLE_STATUSES, resolveRetryPolicy, type RetryOptions } from "./retry-policy.js";
import { sleep } from "./sleep.js";
import { resolveTimeoutMs } from "./timeout.js";
import { describeValue } from "../validate.js";

/**
 * Answers the transport gave back unretried although their status is one it retries: a
 * POST, PUT, PATCH or DELETE the server may have seen. The typed error says so.
 */
const unretried = new WeakSet<Response>();

/** Whether `response` came back unretried because its request was not safe to repeat. */
export function wasNotRetried(response: Response): boolean {
  return unretried.has(response);
}

/** The words that tell why a request that is not safe to repeat was sent once. */
export function notRetriedNote(method: string): string {
  return `not retried: a ${method} may have reached the server; see retry.retryNonIdempotent`;
}

/**
 * The fetch the client sends with: the platform's, or one you pass. One you pass is called
 * with a single, complete Request per attempt: the bearer token, the body and the attempt's
 * signal (its timeout and your cancellation) are all on it, so `(request) => fetch(request)`
 * sends it whole.
 */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

export interface TransportOptions {
  /** Sends one attempt; defaults to the platform's fetch. */
  fetch?: FetchLike;
  /** Defaults to 2 retries; `false` sends every request once. */
  retry?: RetryOptions | false;
  /**
   * Per attempt, in ms, until the answer's headers are in (a token mint's until its body is
   * read), and the longest a call waits for its token; defaults to 60 000.
   */
  timeoutMs?: number;
  /** The jitter's source of randomness, in [0, 1); for tests. */
  random?: () => number;
  /**
   * Sends each request, but those the spec says take no token, with this provider's bearer
   * token. After a 401 the transport drops that token and sends the request once more with
   * a fresh one (that replay is not a retry); a second 401 is returned as it is.
   */
  tokens?: TokenProvider;
}

/**
 * openapi-fetch's `fetch` option: every request (token exchanges included) gets the same
 * treatment. Each attempt has its own timeout, until the answer's headers are in (for the
 * token mints, whose answers the client reads itself, until their body is read too); failures
 * worth it are retried with backoff; the caller's signal cancels at once; what is left after the
 * last attempt comes out as a typed error or as the server's answer. A redirect is followed
 * only within the origin the request was sent to. The Request openapi-fetch and its middleware
 * hold is never changed: each attempt goes out as a Request of its own, and only that one
 * carries the token.
 */
export function createTransport(options: TransportOptions = {}): FetchLike {
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "it must be a function", describeValue(options.fetch));
  }
  const { tokens } = options;
  if (
    tokens !== undefined &&
    (typeof tokens?.getToken !== "function" || typeof tokens.rejectToken !== "function")
  ) {
    throw new InvalidArgumentError("tokens", "it needs getToken and rejectToken", describeValue(tokens));
  }
  const custom = options.fetch;
  // The platform's fetch builds its one Request from the request and the attempt's init; a
  // fetch you pass gets that Request built for it, so that it needs to pass nothing else on.
  const send = custom
    ? (request: Request | string, init: RequestInit) => custom(attemptRequest(request, init))
    : (request: Request | string, init: RequestInit) => fetch(request, init);
  // The platform's fetch rejects as soon as its signal fires; a fetch you pass may not, so its
  // attempts are also raced against their signal.
  const raceSignal = custom !== undefined;
  const random = options.random ?? Math.random;
  const defaults: CallSettings = {
    policy: resolveRetryPolicy(options.retry),
    timeoutMs: resolveTimeoutMs(options.timeoutMs),
  };

  return async function transport(request: Request): Promise<Response> {
    const caller = request.signal;
    if (caller.aborted) throw abortedError(caller);
    const { policy, timeoutMs } = readOverrides(request, defaults);
    const repeatable = policy.retryNonIdempotent || isSafeToRepeat(request);
    const auth = tokens !== undefined && !takesNoToken(request) ? tokens : undefined;
    // The client reads a mint's answer itself, so its body is read within the attempt's time.
    const readsWithinAttempt = request.method === "POST" && isTokenMint(request);
    // Read once, so that every attempt (and a 401 replay) sends the same bytes.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    let retries = 0;
    let replayed = false;
    for (;;) {
      const headers = new Headers(request.headers);
      // A token at hand is taken without awaiting: most calls have one, and an await costs.
      const token = auth
        ? (auth.tokenAtHand?.() ?? (await tokenWithin(auth, request, timeoutMs)))
        : undefined;
      if (token !== undefined) authorize(headers, token);
      const attempt = new Attempt(request, timeoutMs);
      let response: Response;
      try {
        const init: RequestInit = { body, headers, signal: attempt.signal, redirect: "manual" };
        const sendOne = (target: Request | string, hop: RequestInit) => {
          const sent = send(target, hop);
          return raceSignal ? settleOrAbandon(sent, attempt.signal, discard) : sent;
        };
        response = await sendOne(request, init);
        if ((response.status >= 300 && response.status < 400) || response.type === "opaqueredirect")
          response = await followSameOrigin(request, init, response, sendOne);
        if (readsWithinAttempt) response = await readWithin(response, attempt.signal);
      } catch (error) {
        attempt.end();
        const failure = typedFailure(request, error, attempt);
        const retryable = failure.timedOut
          ? repeatable
          : failure.network !== undefined && (repeatable || failure.network.neverSent);
        if (retries < policy.maxRetries && retryable) {
          await sleep(backoffDelayMs(++retries, policy, random), caller);
          continue;
        }
        throw failure.error(attemptNote(request, retries, policy.maxRetries, repeatable, failure));
      }
      if (auth && token !== undefined && response.status === 401 && !replayed) {
        // The token was revoked or expired early: only that token is dropped, and the replay
        // takes whichever is current (another call may have refreshed it already).
        replayed = true;
        auth.rejectToken(token);
        attempt.end();
        discard(response);
        continue;
      }
      if (retries < policy.maxRetries && repeatable && RETRYABLE_STATUSES.has(response.status)) {
        const wait = retryDelayMs(response.headers.get("retry-after"), retries + 1, policy, random);
        if (wait !== undefined) {
          attempt.end();
          discard(response);
          retries++;
          await sleep(wait, caller);
          continue;
        }
      }
      if (!repeatable && retries < policy.maxRetries && RETRYABLE_STATUSES.has(response.status))
        unretried.add(response);
      attempt.answered();
      return response;
    }
  };
}

/**
 * The token for one call, waited for at most the call's `timeoutMs`: the exchange is shared
 * and runs with the client's settings, and goes on for the other callers when this one leaves.
 */
async function tokenWithin(tokens: TokenProvider, request: Request, timeoutMs: number): Promise<string> {
  const controller = new AbortController();
  const caller = request.signal;
  const onAbort = () => controller.abort(abortedError(caller));
  const timer = setTimeout(() => {
    controller.abort(
      new RequestTimeoutError(
        `${describeTarget(request)} waited longer than ${timeoutMs} ms for its token (the exchange goes on for other calls)`,
      ),
    );
  }, timeoutMs);
  caller.addEventListener("abort", onAbort, ONCE);
  try {
    // A provider you wrote may not follow its signal, so the wait is raced against it too.
    return await settleOrAbandon(tokens.getToken(controller.signal), controller.signal, ignoreLate);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onAbort);
  }
}

const ONCE = { once: true };

function ignoreLate(): void {
  // The call has left; the token stays with the provider for the next one.
}

/**
 * `response` with its body read under `signal`, which ends the read (and the stream) when the
 * attempt's time is up, so a stalled or trickling body cannot hold the caller.
 */
async function readWithin(response: Response, signal: AbortSignal): Promise<Response> {
  if (response.body === null) return response;
  let bytes: ArrayBuffer;
  try {
    bytes = await settleOrAbandon(response.arrayBuffer(), signal, ignoreLate);
  } catch (error) {
    discard(response);
    throw error;
  }
  const { status, statusText, headers } = response;
  return new Response(bytes, { status, statusText, headers });
}

/**
 * The attempt's own Request: `request` with the attempt's headers, body and signal, keeping
 * the keys openapi-fetch copied onto it (per-call options a fetch you pass may read).
 */
function attemptRequest(request: Request | string, init: RequestInit): Request {
  const attempt = new Request(request, init);
  if (typeof request === "string") return attempt;
  for (const key of Object.keys(request))
    (attempt as unknown as Record<string, unknown>)[key] = (request as unknown as Record<string, unknown>)[
      key
    ];
  return attempt;
}

/** Sets the bearer token on `headers`. */
function authorize(headers: Headers, token: string): void {
  try {
    headers.set("Authorization", `Bearer ${token}`);
  } catch {
    // The platform's message would quote the whole token.
    throw new InvalidResponseError("The token provider gave a token that cannot be sent in a header");
  }
}

interface Failure {
  timedOut: boolean;
  network: ReturnType<typeof describeNetworkFailure>;
  /** The error to throw, its message ending with `note`. */
  error(note: string): unknown;
}

/** What an attempt without an answer failed of, and the typed error that tells it. */
function typedFailure(request: Request, cause: unknown, attempt: Attempt): Failure {
  const target = describeTarget(request);
  if (request.signal.aborted)
    return { timedOut: false, network: undefined, error: () => abortedError(request.signal) };
  if (attempt.timedOut) {
    return {
      timedOut: true,
      network: undefined,
      error: (note) =>
        new RequestTimeoutError(`${target} took longer than ${attempt.timeoutMs} ms (${note})`, { cause }),
    };
  }
  // The client's own errors (a refused token exchange, a bad token) pass through as they are.
  if (cause instanceof AgentEngineError) return { timedOut: false, network: undefined, error: () => cause };
  // Anything but a network failure is a bug or a custom fetch's own error: not worth a retry.
  const network = describeNetworkFailure(cause);
  const reason = network?.reason ?? (cause instanceof Error ? cause.message : String(cause));
  return {
    timedOut: false,
    network,
    error: (note) => new ConnectionError(`${target} got no answer: ${reason} (${note})`, { cause }),
  };
}

function attemptNote(
  request: Request,
  retries: number,
  maxRetries: number,
  repeatable: boolean,
  failure: Failure,
): string {
  // A refused connection never reached the server, so it is retried whatever the method.
  const unrepeatable =
    !repeatable && (failure.timedOut || (failure.network !== undefined && !failure.network.neverSent));
  return retries < maxRetries && unrepeatable
    ? notRetriedNote(request.method)
    : `attempt ${retries + 1} of ${maxRetries + 1}`;
}

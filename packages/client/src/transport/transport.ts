import { unauthenticatedOperations } from "@org/agent-engine-types";
import type { TokenProvider } from "../auth/tokens.js";
import {
  AgentEngineError,
  abortedError,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
  RequestTimeoutError,
} from "../errors.js";
import { discard, ignore, markNotRetried, notRetriedNote, settleOrAbandon } from "../http.js";
import {
  type FetchLike,
  type RetryOptions,
  resolveTransportSettings,
  settingsForCall,
  type TransportSettings,
} from "../options.js";
import { describeValue } from "../validate.js";
import { type Attempt, describeTarget, startAttempt } from "./attempt.js";
import { followSameOrigin } from "./redirect.js";
import {
  backoffDelayMs,
  describeNetworkFailure,
  isSafeToRepeat,
  isTokenMint,
  RETRYABLE_STATUSES,
  retryDelayMs,
  sleep,
} from "./retry.js";

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
   * a fresh one (that replay is not a retry); a second 401 is returned as it is. Each such call
   * is counted with the provider's `callsInFlight`, when it has one.
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
  const { tokens } = options;
  if (
    tokens !== undefined &&
    (typeof tokens?.getToken !== "function" ||
      typeof tokens.rejectToken !== "function" ||
      !["undefined", "function"].includes(typeof tokens.callsInFlight))
  ) {
    throw new InvalidArgumentError(
      "tokens",
      "it needs getToken and rejectToken (and callsInFlight, if any, a function)",
      describeValue(tokens),
    );
  }
  return transportFor(resolveTransportSettings(options), tokens);
}

/** The transport of settings already checked (the client's, shared by all its transports). */
export function transportFor(settings: TransportSettings, tokens?: TokenProvider): FetchLike {
  const custom = settings.fetch;
  // The platform's fetch builds its one Request from the request and the attempt's init; a
  // fetch you pass gets that Request built for it, so that it needs to pass nothing else on.
  // The platform's fetch rejects as soon as its signal fires; a fetch you pass may not, so its
  // attempts are also raced against their signal.
  const send = custom
    ? (target: Request | string, init: RequestInit) =>
        settleOrAbandon(custom(attemptRequest(target, init)), init.signal!, discard)
    : (target: Request | string, init: RequestInit) => fetch(target, init);

  const transport = async (request: Request, auth: TokenProvider | undefined): Promise<Response> => {
    const caller = request.signal;
    if (caller.aborted) throw abortedError(caller);
    const { policy, timeoutMs, random } = settingsForCall(request, settings);
    // The client reads a mint's answer itself, so its body is read within the attempt's time.
    const readsWithinAttempt = request.method === "POST" && isTokenMint(request);
    // Read once, so that every attempt (and a 401 replay) sends the same bytes.
    const body = request.body === null ? undefined : await request.arrayBuffer();
    let retries = 0;
    let replayed = false;
    for (;;) {
      const headers = new Headers(request.headers);
      let token = auth?.getToken(caller);
      if (typeof token === "object") token = await waitForToken(token, request, timeoutMs);
      if (token !== undefined) authorize(headers, token);
      const attempt = startAttempt(request, timeoutMs);
      let response: Response;
      try {
        const init: RequestInit = { body, headers, signal: attempt.signal, redirect: "manual" };
        response = await send(request, init);
        if ((response.status >= 300 && response.status < 400) || response.type === "opaqueredirect")
          response = await followSameOrigin(request, init, response, send);
        if (readsWithinAttempt) response = await readWithin(response, attempt.signal);
      } catch (error) {
        attempt.end();
        const failure = typedFailure(request, error, attempt, timeoutMs);
        const repeatable = policy.retryNonIdempotent || isSafeToRepeat(request);
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
      if (retries < policy.maxRetries && RETRYABLE_STATUSES.has(response.status)) {
        if (!policy.retryNonIdempotent && !isSafeToRepeat(request)) {
          markNotRetried(response);
        } else {
          const wait = retryDelayMs(response.headers.get("retry-after"), retries + 1, policy, random);
          if (wait !== undefined) {
            attempt.end();
            discard(response);
            retries++;
            await sleep(wait, caller);
            continue;
          }
        }
      }
      attempt.answered();
      if (response.body !== null) holdRequest(response.body, request);
      return response;
    }
  };

  // The provider learns when no call is left to use the token it may be exchanging for. Made
  // once, not per call: the hot path only adds and subtracts one.
  const ended = (response: Response) => {
    tokens?.callsInFlight?.(-1);
    return response;
  };
  const failed = (error: unknown) => {
    tokens?.callsInFlight?.(-1);
    throw error;
  };
  return (request: Request) => {
    if (tokens === undefined || takesNoToken(request)) return transport(request, undefined);
    if (tokens.callsInFlight === undefined) return transport(request, tokens);
    tokens.callsInFlight(1);
    return transport(request, tokens).then(ended, failed);
  };
}

/**
 * Each body handed over holds the Request it answers, for as long as the body lives. The
 * caller's signal reaches the attempt through that Request's own signal, which the platform lets
 * go with the Request: once openapi-fetch drops it, a collection would cut the caller's abort off
 * a body still being read, which would then wait on a stalled server forever. A hidden property
 * of the body rather than a WeakMap: a WeakMap entry per call slowed every garbage collection,
 * and so every call, measured side by side.
 */
const ANSWERED_REQUEST = Symbol("answered request");

function holdRequest(body: ReadableStream, request: Request): void {
  if (Object.isExtensible(body)) Object.defineProperty(body, ANSWERED_REQUEST, { value: request });
}

/**
 * The token for one call, waited for at most the call's `timeoutMs`: the exchange is shared
 * and runs with the client's settings, and goes on while other calls are in flight when this
 * one leaves (a provider that counts calls cancels it once none is).
 */
async function waitForToken(pending: Promise<string>, request: Request, timeoutMs: number): Promise<string> {
  // Watched from the start: should this wait fail before it races `pending` (a platform whose
  // timers break), the exchange's own failure must not go unhandled.
  pending.catch(ignore);
  const controller = new AbortController();
  const caller = request.signal;
  const onAbort = () => controller.abort(abortedError(caller));
  const timer = setTimeout(() => {
    controller.abort(
      new RequestTimeoutError(`${describeTarget(request)} waited longer than ${timeoutMs} ms for its token`),
    );
  }, timeoutMs);
  caller.addEventListener("abort", onAbort, { once: true });
  try {
    // A provider you wrote may not follow its signal, so the wait is raced against it too.
    return await settleOrAbandon(pending, controller.signal, ignore);
  } catch (error) {
    throw controller.signal.aborted ? controller.signal.reason : error;
  } finally {
    clearTimeout(timer);
    caller.removeEventListener("abort", onAbort);
  }
}

/**
 * `response` with its body read under `signal`, which ends the read (and the stream) when the
 * attempt's time is up, so a stalled or trickling body cannot hold the caller.
 */
async function readWithin(response: Response, signal: AbortSignal): Promise<Response> {
  if (response.body === null) return response;
  let bytes: ArrayBuffer;
  try {
    bytes = await settleOrAbandon(response.arrayBuffer(), signal, ignore);
  } catch (error) {
    discard(response);
    throw error;
  }
  const { status, statusText, headers } = response;
  return new Response(bytes, { status, statusText, headers });
}

/**
 * Operations the spec marks `security: []`, sent without a bearer token. The transport sees
 * only a URL (behind any base URL prefix), so each path becomes a pattern for its end.
 */
const UNAUTHENTICATED = /* @__PURE__ */ unauthenticatedOperations.map((operation) => {
  const [method, path] = operation.split(" ") as [string, string];
  return {
    method,
    path: new RegExp(
      `${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/]+\}/g, "[^/?#]+")}(?:[?#]|$)`,
    ),
  };
});

function takesNoToken(request: Request): boolean {
  for (const { method, path } of UNAUTHENTICATED)
    if (request.method === method && path.test(request.url)) return true;
  return false;
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
function typedFailure(request: Request, cause: unknown, attempt: Attempt, timeoutMs: number): Failure {
  const target = describeTarget(request);
  if (request.signal.aborted)
    return { timedOut: false, network: undefined, error: () => abortedError(request.signal) };
  if (attempt.timedOut()) {
    return {
      timedOut: true,
      network: undefined,
      error: (note) =>
        new RequestTimeoutError(`${target} took longer than ${timeoutMs} ms (${note})`, { cause }),
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

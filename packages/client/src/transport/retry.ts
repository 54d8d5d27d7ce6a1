import { API_PATHS } from "@org/agent-engine-types";
import { abortedError, parseRetryAfter } from "../errors.js";
import type { RetryPolicy } from "../options.js";

/** Statuses that say "try again later" rather than "this request is wrong". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** POSTs that only mint a token: sending one twice mints two tokens, which is harmless. */
const TOKEN_MINT_PATHS: readonly string[] = [
  API_PATHS.applicationToken,
  API_PATHS.scopedToken,
  API_PATHS.widgetToken,
];

/** Whether sending `request` twice does no more harm than sending it once. */
export function isSafeToRepeat(request: Request): boolean {
  if (IDEMPOTENT_METHODS.has(request.method)) return true;
  return request.method === "POST" && isTokenMint(request);
}

/** Whether `request` goes to one of the three token mints (whatever its method). */
export function isTokenMint(request: Request): boolean {
  // The base URL may carry a path prefix (a proxy), so compare the end of the path.
  const { pathname } = new URL(request.url);
  return TOKEN_MINT_PATHS.some((path) => pathname.endsWith(path));
}

/**
 * Exponential backoff with "equal jitter": half of the capped exponential delay is fixed
 * and half is random. The fixed half keeps a failing server from being hammered; the random
 * half keeps many clients that failed together from coming back together.
 * `retryNumber` is 1 for the first retry.
 */
export function backoffDelayMs(retryNumber: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retryNumber - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait before retrying an answer, or undefined when the server asked for a
 * longer wait than the policy allows: a server's delay is never cut short, so such an answer
 * is given back instead of retried.
 */
export function retryDelayMs(
  retryAfter: string | null,
  retryNumber: number,
  policy: RetryPolicy,
  random: () => number,
  now: number = Date.now(),
): number | undefined {
  const backoff = backoffDelayMs(retryNumber, policy, random);
  const asked = parseRetryAfter(retryAfter, now);
  if (asked === undefined) return backoff;
  if (asked > policy.maxRetryAfterMs) return undefined;
  return Math.max(asked, backoff);
}

/** Waits `ms`, or rejects with RequestAbortedError as soon as `signal` fires; leaves no timer or listener behind. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortedError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal));
    };
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * Error codes (Node, undici, browsers expose none) that prove the request never left this
 * machine: no connection was made, so even a POST can be sent again.
 */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export interface NetworkFailure {
  /** The connection was never made, so the server cannot have seen the request. */
  neverSent: boolean;
  /** Words for the error message: the innermost cause's message and code. */
  reason: string;
}

/**
 * Reads what fetch threw. Fetch reports every network failure as a TypeError (undici puts
 * the socket error in `cause`, e.g. `ECONNRESET` or `UND_ERR_SOCKET`); anything else is a
 * bug or a custom fetch's own error, and is not worth a retry.
 */
export function describeNetworkFailure(error: unknown): NetworkFailure | undefined {
  const code = findCode(error);
  if (!(error instanceof TypeError) && code === undefined) return undefined;
  return { neverSent: code !== undefined && NEVER_SENT_CODES.has(code), reason: describe(error, code) };
}

/** The first `code` in the chain of causes (and inside an AggregateError from happy eyeballs). */
function findCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 5) return undefined;
  const { code, cause, errors } = error as { code?: unknown; cause?: unknown; errors?: unknown };
  if (typeof code === "string" && code !== "") return code;
  const fromCause = findCode(cause, depth + 1);
  if (fromCause !== undefined) return fromCause;
  return Array.isArray(errors) ? findCode(errors[0], depth + 1) : undefined;
}

function describe(error: unknown, code: string | undefined): string {
  const innermost = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const message = innermost instanceof Error ? innermost.message : String(innermost);
  return code !== undefined && !message.includes(code) ? `${message} (${code})` : message;
}

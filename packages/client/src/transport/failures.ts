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

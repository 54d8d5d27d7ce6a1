/** Base of every error this client throws. */
export class AgentEngineError extends Error {
  override name = "AgentEngineError";
}

/** A value given to the client breaks a rule; thrown before any request is sent. */
export class InvalidArgumentError extends AgentEngineError {
  override name = "InvalidArgumentError";
  constructor(
    /** The option or argument, e.g. `allowedOrigin`. */
    readonly argument: string,
    /** The rule it breaks, in words. */
    readonly rule: string,
    /** How the value reads in the message; secrets are never shown. */
    shownValue: string,
  ) {
    super(`Invalid ${argument} (${shownValue}): ${rule}`);
  }
}

/** Where an HTTP error came from, without anything that could carry a credential. */
export interface RequestSummary {
  method: string;
  /** The URL without its query string. */
  url: string;
}

export interface ApiErrorDetails {
  status: number;
  body: unknown;
  headers: Headers;
  request: RequestSummary;
  /** Why the answer came back without a retry, when its status is one that is retried. */
  note?: string;
}

/** The server answered with an error status. Subclasses by status follow. */
export class ApiError extends AgentEngineError {
  override name = "ApiError";
  readonly status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  readonly body: unknown;
  readonly headers: Headers;
  /** The server's request id (`x-request-id`), for support tickets. */
  readonly requestId: string | undefined;
  readonly request: RequestSummary;
  /** The server's own message, from either error body shape. */
  readonly serverMessage: string | undefined;

  constructor(details: ApiErrorDetails) {
    const serverMessage = readServerMessage(details.body);
    const requestId = details.headers.get("x-request-id") ?? details.headers.get("request-id") ?? undefined;
    super(
      `${details.request.method} ${details.request.url} failed with ${details.status}` +
        (serverMessage ? `: ${serverMessage}` : "") +
        (requestId ? ` (request id ${requestId})` : "") +
        (details.note ? ` (${details.note})` : ""),
    );
    this.status = details.status;
    this.body = details.body;
    this.headers = details.headers;
    this.requestId = requestId;
    this.request = details.request;
    this.serverMessage = serverMessage;
  }
}

/** 401: the token or the client credentials were refused. */
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}

/** 403: authenticated, but not allowed to act on this resource. */
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}

/** 404: an unknown id or workspace. */
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}

/** One field the server refused, from either error body shape. */
export interface FieldProblem {
  field: string | undefined;
  message: string | undefined;
  code: string | undefined;
}

/** 400 or 422: the server refused the request's content. */
export class RequestValidationError extends ApiError {
  override name = "RequestValidationError";
  readonly fieldErrors: FieldProblem[];
  constructor(details: ApiErrorDetails) {
    super(details);
    this.fieldErrors = readFieldErrors(details.body);
  }
}

/** 429: rate limited. */
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
  /** The server's `Retry-After`, in milliseconds, when it sent one that parses. */
  readonly retryAfterMs: number | undefined;
  constructor(details: ApiErrorDetails) {
    super(details);
    this.retryAfterMs = parseRetryAfter(details.headers.get("retry-after"));
  }
}

/** 500 and above. */
export class ServerError extends ApiError {
  override name = "ServerError";
}

/** The answer was not what the spec promises (bad JSON, a missing field). */
export class InvalidResponseError extends AgentEngineError {
  override name = "InvalidResponseError";
}

/** The request did not get an HTTP answer (refused, reset, DNS, TLS...). */
export class ConnectionError extends AgentEngineError {
  override name = "ConnectionError";
  /**
   * The platform's code for the failure, e.g. `ECONNREFUSED`, `ENOTFOUND` or
   * `UND_ERR_CONNECT_TIMEOUT` (Node's fetch puts it on the cause, or the cause's cause);
   * undefined when the platform gave none.
   */
  readonly code: string | undefined;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = platformCode(options?.cause) ?? platformCode((options?.cause as { cause?: unknown })?.cause);
  }

  /** Name, message and code for logs; the cause stays out (it may hold the request). */
  toJSON(): { name: string; message: string; code: string | undefined } {
    return { name: this.name, message: this.message, code: this.code };
  }
}

function platformCode(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | null | undefined)?.code;
  return typeof code === "string" && code !== "" ? code : undefined;
}

/** An attempt took longer than `timeoutMs`. */
export class RequestTimeoutError extends ConnectionError {
  override name = "RequestTimeoutError";
}

/** The caller's AbortSignal fired. Never retried. */
export class RequestAbortedError extends AgentEngineError {
  override name = "RequestAbortedError";
}

/** The error a caller's abort surfaces as; the signal's reason is kept as the cause. */
export function abortedError(signal: AbortSignal): RequestAbortedError {
  return new RequestAbortedError("The request was aborted by the caller", { cause: signal.reason });
}

/** Builds the error class that matches an HTTP status. */
export function apiErrorFor(details: ApiErrorDetails): ApiError {
  const { status } = details;
  if (status === 401) return new AuthenticationError(details);
  if (status === 403) return new PermissionDeniedError(details);
  if (status === 404) return new NotFoundError(details);
  if (status === 400 || status === 422) return new RequestValidationError(details);
  if (status === 429) return new RateLimitError(details);
  if (status >= 500) return new ServerError(details);
  return new ApiError(details);
}

/**
 * Reads `Retry-After` as seconds or as an HTTP date; undefined when absent or unparseable.
 * A date in the past means "now".
 */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  // An HTTP date always names its month; without letters, Date.parse would read "-3" as a year.
  const date = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readServerMessage(body: unknown): string | undefined {
  if (typeof body === "string") return body.trim() ? truncate(body.trim(), 300) : undefined;
  if (!isRecord(body)) return undefined;
  if (typeof body.message === "string" && body.message) return body.message;
  if (typeof body.detail === "string") return body.detail;
  if (Array.isArray(body.detail)) {
    return readFieldErrors(body)
      .map((p) => (p.field ? `${p.field}: ${p.message ?? "invalid"}` : (p.message ?? "invalid")))
      .join("; ");
  }
  return undefined;
}

function readFieldErrors(body: unknown): FieldProblem[] {
  if (!isRecord(body)) return [];
  if (Array.isArray(body.errors)) {
    return body.errors.filter(isRecord).map((e) => ({
      field: stringOrUndefined(e.field),
      message: stringOrUndefined(e.message),
      code: stringOrUndefined(e.error_code),
    }));
  }
  if (Array.isArray(body.detail)) {
    return body.detail.filter(isRecord).map((issue) => ({
      field: Array.isArray(issue.loc) ? issue.loc.join(".") : undefined,
      message: stringOrUndefined(issue.msg),
      code: stringOrUndefined(issue.type),
    }));
  }
  return [];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `text`, cut to `max` characters with an ellipsis when longer. */
export function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

import { requireObject } from "../validate.js";
import { resolveRetryPolicy, type RetryOptions, type RetryPolicy } from "./retry-policy.js";
import { resolveTimeoutMs } from "./timeout.js";

/**
 * Per-call transport options, passed next to `params`/`body`/`signal` in a GET, POST...
 * init. openapi-fetch copies init keys it does not know onto the Request, which is how
 * they reach the transport.
 */
export interface RequestOverrides {
  /**
   * This call's per-attempt timeout in ms (until the answer's headers), instead of the client's;
   * also the longest it waits for a token exchange, which runs with the client's settings.
   */
  timeoutMs?: number;
  /** Laid over the client's retry options for this call; `false` sends it once. */
  retry?: RetryOptions | false;
}

/** What a convenience method (`listSourceDefinitions`, the token mints) takes per call. */
export interface CallOptions extends RequestOverrides {
  signal?: AbortSignal;
}

/**
 * The init keys a convenience method passes on to openapi-fetch: picked rather than spread,
 * so that a stray `body` or `params` from an untyped caller cannot replace the method's own.
 */
export function perCallInit(options: CallOptions): CallOptions {
  requireObject("init", options);
  return { signal: options.signal, timeoutMs: options.timeoutMs, retry: options.retry };
}

export interface CallSettings {
  policy: RetryPolicy;
  timeoutMs: number;
}

/** The client's settings with the call's overrides applied; a bad override throws InvalidArgumentError. */
export function readOverrides(request: Request, client: CallSettings): CallSettings {
  const overrides = request as Request & { [K in keyof RequestOverrides]?: unknown };
  if (overrides.retry === undefined && overrides.timeoutMs === undefined) return client;
  return {
    policy: resolveRetryPolicy(overrides.retry, client.policy),
    timeoutMs: resolveTimeoutMs(overrides.timeoutMs, client.timeoutMs),
  };
}

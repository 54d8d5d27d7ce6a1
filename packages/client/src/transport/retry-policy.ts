import { InvalidArgumentError } from "../errors.js";
import { describeValue, requireBoolean, requireCount, requireDuration } from "../validate.js";

/** How failed attempts are retried; every field is optional and falls back to the default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (3 attempts in all); 0 turns retries off. */
  maxRetries?: number;
  /** The first backoff, doubled on each retry (with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** The longest backoff between two attempts. Default 8 000 ms. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` this client waits for. A server asking for longer gets its
   * answer (429 or 503) returned at once rather than a shorter wait. Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
  /**
   * Also retry POST, PUT, PATCH and DELETE after they may have reached the server (a reset,
   * a timeout, a 5xx). Only for operations that are safe to repeat. Default false.
   */
  retryNonIdempotent?: boolean;
}

export type RetryPolicy = Readonly<Required<RetryOptions>>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = /* @__PURE__ */ Object.freeze({
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryNonIdempotent: false,
});

/** Statuses that say "try again later" rather than "this request is wrong". */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** How each retry option is checked; the keys are the options there are. */
const OPTION_CHECKS: Record<keyof RetryOptions, (argument: string, value: unknown) => number | boolean> = {
  maxRetries: requireCount,
  baseDelayMs: requireDuration,
  maxDelayMs: requireDuration,
  maxRetryAfterMs: requireDuration,
  retryNonIdempotent: requireBoolean,
};

/**
 * Checks `retry` (as given to the client or to one call) and lays it over `base`: `false`
 * means no retries, `undefined` means `base` as it is.
 */
export function resolveRetryPolicy(
  value: unknown,
  base: RetryPolicy = DEFAULT_RETRY_POLICY,
  argument = "retry",
): RetryPolicy {
  if (value === undefined) return base;
  if (value === false) return Object.freeze({ ...base, maxRetries: 0 });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      argument,
      "it must be false or an object such as { maxRetries: 2 }",
      describeValue(value),
    );
  }
  const policy: Record<string, unknown> = { ...base };
  for (const [key, given] of Object.entries(value)) {
    const check = (OPTION_CHECKS as Record<string, (argument: string, value: unknown) => unknown>)[key];
    if (!check) {
      throw new InvalidArgumentError(
        `${argument}.${key}`,
        `it is not a retry option; the options are ${Object.keys(OPTION_CHECKS).join(", ")}`,
        describeValue(given),
      );
    }
    if (given !== undefined) policy[key] = check(`${argument}.${key}`, given);
  }
  const resolved = policy as RetryPolicy;
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    // The two may come from different layers (a call's retry over the client's): blame the one
    // this value gave, so the message never names a value the caller did not pass.
    const given = value as RetryOptions;
    if (given.maxDelayMs === undefined) {
      throw new InvalidArgumentError(
        `${argument}.baseDelayMs`,
        `it must be at most maxDelayMs (${resolved.maxDelayMs})`,
        describeValue(resolved.baseDelayMs),
      );
    }
    throw new InvalidArgumentError(
      `${argument}.maxDelayMs`,
      `it must be at least baseDelayMs (${resolved.baseDelayMs})`,
      describeValue(resolved.maxDelayMs),
    );
  }
  return Object.freeze(resolved);
}

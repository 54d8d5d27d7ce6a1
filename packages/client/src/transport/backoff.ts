import { parseRetryAfter } from "../errors.js";
import type { RetryPolicy } from "./retry-policy.js";

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

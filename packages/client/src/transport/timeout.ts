import { requireDuration } from "../validate.js";

/** How long one attempt may wait, from sending the request to its answer's headers. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export function resolveTimeoutMs(
  value: unknown,
  fallback = DEFAULT_TIMEOUT_MS,
  argument = "timeoutMs",
): number {
  return value === undefined ? fallback : requireDuration(argument, value, 1);
}

import { requireDuration } from "../validate.js";

/** How long one attempt may take, from sending the request to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export function resolveTimeoutMs(value: unknown, fallback = DEFAULT_TIMEOUT_MS, argument = "timeoutMs"): number {
  return value === undefined ? fallback : requireDuration(argument, value, 1);
}

import { requireDuration } from "./retry-policy.js";

/** How long one attempt may take, from sending the request to the last byte of the answer. */
export const DEFAULT_TIMEOUT_MS = 60_000;

export function resolveTimeoutMs(value: unknown, fallback = DEFAULT_TIMEOUT_MS, argument = "timeoutMs"): number {
  return value === undefined ? fallback : requireDuration(argument, value, 1);
}

/** The signal one attempt is sent with: it fires on the caller's abort or when the attempt's time is up. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  /** True once the timer, not the caller, ended the attempt. */
  readonly timedOut: boolean;
  /** Stops the timer and forgets the caller's signal; call it whatever the attempt's outcome. */
  dispose(): void;
}

export function startAttemptSignal(callerSignal: AbortSignal, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let timedOut = false;
  const onCallerAbort = () => controller.abort(callerSignal.reason);
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new DOMException(`The attempt took longer than ${timeoutMs} ms`, "TimeoutError"));
  }, timeoutMs);
  if (callerSignal.aborted) onCallerAbort();
  else callerSignal.addEventListener("abort", onCallerAbort, { once: true });
  return {
    signal: controller.signal,
    timeoutMs,
    get timedOut() {
      return timedOut && !callerSignal.aborted;
    },
    dispose() {
      clearTimeout(timer);
      callerSignal.removeEventListener("abort", onCallerAbort);
    },
  };
}

import { abortedError, RequestTimeoutError } from "../errors.js";

/**
 * One attempt's signal, given to fetch, and its clock. The signal fires with a
 * RequestTimeoutError when the answer's headers take longer than `timeoutMs`, and with a
 * RequestAbortedError when the caller's signal fires, before the headers or while the body is
 * read: the same signal governs the body, so the caller's abort errors a body someone is
 * still reading.
 *
 * The timer stops at the headers. A timer that ran on while the body was read would outlive
 * most calls (their body is read at once, and nothing tells the transport so), keeping each
 * call's memory, or a weak reference the garbage collector must process, for `timeoutMs`.
 */
export interface Attempt {
  readonly signal: AbortSignal;
  /** True once the timer, not the caller, ended the attempt. */
  timedOut(): boolean;
  /** The answer's headers are in and go to the caller: the clock stops; the caller's signal still cancels the body. */
  answered(): void;
  /** The attempt failed or its answer was dropped: the clock stops and the caller's signal is let go. */
  end(): void;
}

export function startAttempt(request: Request, timeoutMs: number): Attempt {
  const controller = new AbortController();
  const caller = request.signal;
  let timedOut = false;
  const onCallerAbort = () => controller.abort(abortedError(caller));
  const stopListening = () => caller.removeEventListener("abort", onCallerAbort);
  if (caller.aborted) onCallerAbort();
  else caller.addEventListener("abort", onCallerAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    stopListening();
    controller.abort(new RequestTimeoutError(`${describeTarget(request)} took longer than ${timeoutMs} ms`));
  }, timeoutMs);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    answered: () => clearTimeout(timer),
    end() {
      clearTimeout(timer);
      stopListening();
    },
  };
}

/** `METHOD url` without the query string, which may carry what an error message should not. */
export function describeTarget(request: Request): string {
  return `${request.method} ${request.url.split("?")[0]}`;
}

import { abortedError } from "../abort.js";
import { RequestTimeoutError } from "../errors.js";
import { callerMayAbort } from "./caller-signal.js";

const ONCE = { once: true };

function expire(attempt: Attempt): void {
  attempt.expire();
}

/**
 * One attempt's signal, given to fetch. It fires with a RequestTimeoutError when the answer's
 * headers take longer than `timeoutMs`, and with a RequestAbortedError when the caller's signal
 * fires, before the headers or while the body is read: the same signal governs the body, so
 * the caller's abort errors a body someone is still reading.
 *
 * The timer stops at the headers. A timer that ran on while the body was read would outlive
 * most calls (their body is read at once, and nothing tells the transport so), keeping each
 * call's memory, or a weak reference the garbage collector must process, for `timeoutMs`.
 */
export class Attempt {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  readonly #request: Request;
  readonly #timer: ReturnType<typeof setTimeout>;
  readonly #listening: boolean;
  #timedOut = false;

  constructor(
    request: Request,
    readonly timeoutMs: number,
  ) {
    this.#request = request;
    const caller = request.signal;
    this.#listening = !caller.aborted && callerMayAbort(request);
    if (caller.aborted) this.handleEvent();
    // `this` is the listener (its handleEvent), which saves a closure per attempt.
    else if (this.#listening) caller.addEventListener("abort", this, ONCE);
    this.#timer = setTimeout(expire, timeoutMs, this);
  }

  /** True once the timer, not the caller, ended the attempt. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** The caller aborted. */
  handleEvent(): void {
    this.#controller.abort(abortedError(this.#request.signal));
  }

  /** @internal The attempt's time is up. */
  expire(): void {
    this.#timedOut = true;
    this.#forgetCaller();
    this.#controller.abort(
      new RequestTimeoutError(`${describeTarget(this.#request)} took longer than ${this.timeoutMs} ms`),
    );
  }

  /**
   * The answer's headers are in and it goes to the caller: the clock stops, and the caller's
   * signal still cancels its body. The listener goes when the request does.
   */
  answered(): void {
    clearTimeout(this.#timer);
  }

  /** The attempt failed or its answer was dropped: stop the timer and forget the caller's signal. */
  end(): void {
    clearTimeout(this.#timer);
    this.#forgetCaller();
  }

  #forgetCaller(): void {
    if (this.#listening) this.#request.signal.removeEventListener("abort", this);
  }
}

/** `METHOD url` without the query string, which may carry what an error message should not. */
export function describeTarget(request: Request): string {
  return `${request.method} ${request.url.split("?")[0]}`;
}

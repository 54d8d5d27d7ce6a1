import { abortedError } from "../abort.js";
import { RequestTimeoutError } from "../errors.js";

const ONCE = { once: true };

/**
 * The attempts whose answer's body is still to be read, each kept alive by its body's stream
 * (a middleware's `new Response(response.body)` keeps the same stream). Once the stream is
 * read and dropped, its attempt can be collected: the timer that outlives it holds it only
 * weakly, so a call's memory is not kept for `timeoutMs` after it settled.
 */
const bodiesBeingTimed = new WeakMap<ReadableStream, Attempt>();

function expireIfStillWanted(attempt: WeakRef<Attempt>): void {
  attempt.deref()?.expire();
}

/**
 * One attempt's signal, given to fetch: it fires when the caller's signal does (with a
 * RequestAbortedError) or when `timeoutMs` has passed (with a RequestTimeoutError). The same
 * signal governs the answer's body, so a body that trickles in too slowly, or that the caller
 * stops wanting, errors with the typed reason in whoever reads it.
 */
export class Attempt {
  readonly #controller = new AbortController();
  readonly signal: AbortSignal = this.#controller.signal;
  readonly #caller: AbortSignal;
  readonly #request: Request;
  readonly #timer: ReturnType<typeof setTimeout>;
  #timedOut = false;
  #handedOver = false;

  constructor(request: Request, readonly timeoutMs: number) {
    this.#request = request;
    this.#caller = request.signal;
    // `this` is the listener (its handleEvent), which saves a closure per attempt.
    if (this.#caller.aborted) this.handleEvent();
    else this.#caller.addEventListener("abort", this, ONCE);
    this.#timer = setTimeout(expireIfStillWanted, timeoutMs, new WeakRef(this));
  }

  /** True once the timer, not the caller, ended the attempt. */
  get timedOut(): boolean {
    return this.#timedOut;
  }

  /** The caller aborted. */
  handleEvent(): void {
    this.#controller.abort(abortedError(this.#caller));
  }

  /** @internal The attempt's time is up. */
  expire(): void {
    this.#timedOut = true;
    this.#caller.removeEventListener("abort", this);
    this.#controller.abort(
      new RequestTimeoutError(
        `${describeTarget(this.#request)} took longer than ${this.timeoutMs} ms` +
          (this.#handedOver ? " (while its answer was read)" : ""),
      ),
    );
  }

  /** Stops the timer and forgets the caller's signal: the attempt is over. */
  end(): void {
    clearTimeout(this.#timer);
    this.#caller.removeEventListener("abort", this);
  }

  /**
   * The attempt's answer goes to the caller. An answer with nothing to read ends the attempt
   * now. Otherwise its body is still timed and still cancelled by the caller's signal, but the
   * timer no longer holds the process open (where timers can be unref'd: a runtime whose
   * timers are plain numbers ends the attempt here, leaving the body untimed, rather than keep
   * a script alive for `timeoutMs` after its last call).
   */
  handOver(response: Response): void {
    this.#handedOver = true;
    const timer = this.#timer as { unref?: () => void };
    const body = response.body;
    if (body === null || this.#request.method === "HEAD" || response.headers.get("content-length") === "0" || typeof timer?.unref !== "function") {
      this.end();
      return;
    }
    timer.unref();
    bodiesBeingTimed.set(body, this);
  }
}

/** `METHOD url` without the query string, which may carry what an error message should not. */
export function describeTarget(request: Request): string {
  return `${request.method} ${request.url.split("?")[0]}`;
}

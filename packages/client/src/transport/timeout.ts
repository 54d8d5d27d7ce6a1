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
  /** Stops the timing and forgets the caller's signal; call it whatever the attempt's outcome. */
  dispose(): void;
}

const ONCE = { once: true };

/**
 * The deadlines of the attempts in flight, watched by one timer for all of them. Arming and
 * clearing a timer for every attempt was a measurable share of a call's cost (`pnpm bench`):
 * here a timer is armed for the earliest deadline only, attempts that end in time just leave
 * the set, and a timer left with nothing to watch stays armed (unref'd, so it never keeps a
 * process alive) for the next attempt, instead of being cleared and armed again. Deadlines
 * read `performance.now()`, which only moves forward: on the wall clock (`Date.now()`) a
 * clock set back by an hour would have let a hung attempt run an hour past its timeout.
 */
export class AttemptTimers {
  readonly #inFlight = new Set<Attempt>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  #wakeAt = Infinity;

  /** `caller` is the signal that cancels the call; undefined when nothing can. */
  start(caller: AbortSignal | undefined, timeoutMs: number): AttemptSignal {
    const attempt = new Attempt(this, caller, timeoutMs, performance.now() + timeoutMs);
    // A timer with nothing in flight can only be the idle one that end() unref'd.
    const idle = this.#inFlight.size === 0 && this.#timer !== undefined;
    this.#inFlight.add(attempt);
    if (attempt.deadline < this.#wakeAt) this.#arm(attempt.deadline);
    else if (idle) (this.#timer as { ref?: () => void }).ref?.();
    return attempt;
  }

  /** @internal */
  end(attempt: Attempt): void {
    if (!this.#inFlight.delete(attempt) || this.#inFlight.size > 0) return;
    const timer = this.#timer as { unref?: () => void } | undefined;
    // Without unref (browsers need none; Deno's timers are numbers) an idle timer is cleared,
    // so that a script ends as soon as its last call does.
    if (typeof timer?.unref === "function") timer.unref();
    else this.#arm(Infinity);
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#wakeAt = at;
    this.#timer = at === Infinity ? undefined : setTimeout(() => this.#sweep(), at - performance.now());
  }

  #sweep(): void {
    const now = performance.now();
    let next = Infinity;
    for (const attempt of this.#inFlight) {
      if (attempt.deadline > now) {
        next = Math.min(next, attempt.deadline);
      } else {
        this.#inFlight.delete(attempt);
        attempt.expire();
      }
    }
    this.#arm(next);
  }
}

/** One attempt's signal; it listens to the caller's signal (if any) as an object, so no closure per attempt. */
class Attempt implements AttemptSignal {
  readonly #controller = new AbortController();
  readonly signal = this.#controller.signal;
  readonly #timers: AttemptTimers;
  readonly #caller: AbortSignal | undefined;
  #expired = false;

  constructor(
    timers: AttemptTimers,
    caller: AbortSignal | undefined,
    readonly timeoutMs: number,
    readonly deadline: number,
  ) {
    this.#timers = timers;
    this.#caller = caller;
    if (caller?.aborted) this.handleEvent();
    else caller?.addEventListener("abort", this, ONCE);
  }

  get timedOut(): boolean {
    return this.#expired && !this.#caller?.aborted;
  }

  /** The caller aborted. */
  handleEvent(): void {
    this.#controller.abort(this.#caller?.reason);
  }

  expire(): void {
    this.#expired = true;
    this.#controller.abort(new DOMException(`The attempt took longer than ${this.timeoutMs} ms`, "TimeoutError"));
  }

  dispose(): void {
    this.#timers.end(this);
    this.#caller?.removeEventListener("abort", this);
  }
}

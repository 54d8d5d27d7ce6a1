import { abortedError, settleOrAbandon } from "../abort.js";
import { AgentEngineError } from "../errors.js";
import type { IssuedToken } from "./lifetime.js";

/** What the transport needs from any token provider to authenticate requests. */
export interface TokenProvider {
  /** A token that is safe to send now; waits for an exchange only when it must. */
  getToken(signal?: AbortSignal): Promise<string>;
  /**
   * The token `getToken` would give without waiting, or undefined when it would have to wait.
   * Optional: it spares a promise per request when the token is at hand.
   */
  tokenAtHand?(): string | undefined;
  /** The server refused `token`: forget it, unless a newer token has replaced it already. */
  rejectToken(token: string): void;
}

/**
 * Caches one token and refreshes it: one exchange at a time (every waiter shares it), a
 * background refresh inside the margin, and a generation counter so that an exchange
 * overtaken by `reset()` never writes its token.
 */
export class RefreshingToken implements TokenProvider {
  readonly #exchange: () => Promise<IssuedToken>;
  readonly #now: () => number;
  #current: IssuedToken | undefined;
  #inflight: { promise: Promise<IssuedToken>; generation: number } | undefined;
  #generation = 0;

  constructor(exchange: () => Promise<IssuedToken>, now: () => number = () => Date.now()) {
    this.#exchange = exchange;
    this.#now = now;
  }

  getToken(signal?: AbortSignal): Promise<string> {
    const atHand = this.tokenAtHand();
    if (atHand !== undefined) return Promise.resolve(atHand);
    return waitFor(this.#refresh(), signal).then((issued) => {
      // An exchange that outlasted the token's margin brings a token too old to send.
      if (this.#now() >= issued.useUntil) {
        throw new AgentEngineError("The token exchange took so long that the new token expires too soon to send");
      }
      return issued.token;
    });
  }

  tokenAtHand(): string | undefined {
    const current = this.#current;
    if (current === undefined) return undefined;
    const now = this.#now();
    if (now >= current.useUntil) return undefined;
    if (now >= current.refreshAt) this.#refresh().catch(ignoreBackgroundFailure);
    return current.token;
  }

  rejectToken(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  /**
   * Forgets the token and disowns any exchange in flight (its result is dropped): for
   * rotated credentials. The next exchange waits for the disowned one to settle, so there
   * is never more than one exchange in flight.
   */
  reset(): void {
    this.#generation++;
    this.#current = undefined;
  }

  /** The cached token's expiry, for diagnostics; undefined when none is cached. */
  get expiresAt(): number | undefined {
    return this.#current?.expiresAt;
  }

  #refresh(): Promise<IssuedToken> {
    const inflight = this.#inflight;
    if (inflight && inflight.generation === this.#generation) return inflight.promise;
    const generation = this.#generation;
    const exchange = () => this.#exchange();
    const start = inflight ? inflight.promise.then(exchange, exchange) : exchange();
    const promise = start.then((issued) => {
      if (this.#generation === generation) this.#current = issued;
      return issued;
    });
    const entry = { promise, generation };
    this.#inflight = entry;
    const clear = () => {
      if (this.#inflight === entry) this.#inflight = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }
}

function ignoreBackgroundFailure(): void {
  // The token in hand is still good; the next call that needs a new one tries again and
  // sees the error itself.
}

/** Waits for a shared promise, letting this caller give up without cancelling it for others. */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return settleOrAbandon(promise, signal, ignoreLateToken).catch((error: unknown) => {
    throw signal.aborted ? abortedError(signal) : error;
  });
}

function ignoreLateToken(): void {
  // The exchange went on for the other waiters; this caller has left.
}

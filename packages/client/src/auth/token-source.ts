import { abortedError, settleOrAbandon } from "../abort.js";
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
 * Caches one token and refreshes it: one exchange at a time (every waiter shares it) and a
 * background refresh inside the margin.
 */
export class RefreshingToken implements TokenProvider {
  readonly #exchange: () => Promise<IssuedToken>;
  readonly #now: () => number;
  #current: IssuedToken | undefined;
  #inflight: Promise<IssuedToken> | undefined;

  constructor(exchange: () => Promise<IssuedToken>, now: () => number = () => Date.now()) {
    this.#exchange = exchange;
    this.#now = now;
  }

  getToken(signal?: AbortSignal): Promise<string> {
    const atHand = this.tokenAtHand();
    if (atHand !== undefined) return Promise.resolve(atHand);
    // A token just received is sent even when its margin has passed already (a tiny
    // `expires_in`, a slow exchange): it is the best there is, and a 401 replay still guards it.
    return waitFor(this.#refresh(), signal).then((issued) => issued.token);
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

  #refresh(): Promise<IssuedToken> {
    if (this.#inflight) return this.#inflight;
    const inflight = this.#exchange().then(
      (issued) => {
        this.#current = issued;
        this.#inflight = undefined;
        return issued;
      },
      (error: unknown) => {
        this.#inflight = undefined;
        throw error;
      },
    );
    this.#inflight = inflight;
    return inflight;
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

import { abortedError, RequestAbortedError } from "../errors.js";
import { ignore, settleOrAbandon } from "../http.js";

/** What the transport needs from any token provider to authenticate requests. */
export interface TokenProvider {
  /**
   * A token that is safe to send now. It may return the token itself when it has one at hand,
   * which spares the transport an await; it returns a promise when it must wait for an exchange.
   * A caller whose `signal` fires stops waiting; the exchange is not cancelled for that.
   */
  getToken(signal?: AbortSignal): string | Promise<string>;
  /** The server refused `token`: forget it, unless a newer token has replaced it already. */
  rejectToken(token: string): void;
  /**
   * Optional: the transport counts each call that sends this provider's token, +1 when it
   * starts and -1 when it ends (its answer's headers are in, or it failed), so that the provider
   * can cancel an exchange no call is left to use.
   */
  callsInFlight?(change: 1 | -1): void;
}

/** A token with the instants that decide when it is refreshed and when it stops being sent. */
export interface IssuedToken {
  readonly token: string;
  /** When the server says it expires (epoch ms). */
  readonly expiresAt: number;
  /** From here on, calls still use it but a refresh starts in the background. */
  readonly refreshAt: number;
  /** From here on, it is not sent: a request could reach the server after the expiry. */
  readonly useUntil: number;
}

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
/** The longest lifetime believed; anything longer is taken for a bad value. */
export const MAX_LIFETIME = 24 * 60 * MINUTE;

/**
 * `token` with its refresh and stop instants. The margins scale with the lifetime: a refresh
 * starts in the last 5% of it (at most a minute) and the token is no longer sent in the last
 * 2% (at most 5 s). So a 15-minute token is refreshed 45 s early and a 2-second token is used
 * for 1.96 s, and a steady stream of calls makes about one exchange per lifetime.
 */
export function issuedToken(token: string, issuedAt: number, expiresAt: number): IssuedToken {
  const lifetime = expiresAt - issuedAt;
  return {
    token,
    expiresAt,
    refreshAt: expiresAt - Math.min(lifetime * 0.05, MINUTE),
    useUntil: expiresAt - Math.min(lifetime * 0.02, 5 * SECOND),
  };
}

/** A lifetime in seconds from a server, if it is a believable one. */
export function believableLifetimeMs(seconds: unknown): number | undefined {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) return undefined;
  const ms = seconds * SECOND;
  return ms <= MAX_LIFETIME ? ms : undefined;
}

/**
 * How long an exchange outlives the last call in flight: enough for sequential calls (await one,
 * then send the next) to keep a background refresh going, short enough for a process to exit.
 */
export const IDLE_GRACE_MS = 200;

/**
 * Caches one token and refreshes it: one exchange at a time (every waiter shares it) and a
 * background refresh inside the margin. An exchange runs while calls counted by
 * `callsInFlight` are in flight; once none has been for IDLE_GRACE_MS, it is cancelled through
 * its signal and the next call starts a fresh one. Without counted calls (only `getToken`), an
 * exchange runs to its end.
 */
export class RefreshingToken implements TokenProvider {
  readonly #exchange: (signal: AbortSignal) => Promise<IssuedToken>;
  readonly #now: () => number;
  #current: IssuedToken | undefined;
  #inflight: { promise: Promise<IssuedToken>; controller: AbortController } | undefined;
  #calls = 0;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(exchange: (signal: AbortSignal) => Promise<IssuedToken>, now: () => number = () => Date.now()) {
    this.#exchange = exchange;
    this.#now = now;
  }

  getToken(signal?: AbortSignal): string | Promise<string> {
    const atHand = this.tokenAtHand();
    if (atHand !== undefined) return atHand;
    // A token just received is sent even when its margin has passed already (a tiny
    // `expires_in`, a slow exchange): it is the best there is, and a 401 replay still guards it.
    return waitFor(this.#refresh(), signal).then((issued) => issued.token);
  }

  /** The token `getToken` gives without waiting, or undefined when it would have to wait. */
  tokenAtHand(): string | undefined {
    const current = this.#current;
    if (current === undefined) return undefined;
    const now = this.#now();
    if (now >= current.useUntil) return undefined;
    // A failed background refresh is left for the next call that needs a new token to see.
    if (now >= current.refreshAt) this.#refresh().catch(ignore);
    return current.token;
  }

  rejectToken(token: string): void {
    if (this.#current?.token === token) this.#current = undefined;
  }

  callsInFlight(change: 1 | -1): void {
    this.#calls += change;
    if (this.#idle !== undefined && this.#calls > 0) {
      clearTimeout(this.#idle);
      this.#idle = undefined;
    } else if (this.#calls === 0 && this.#inflight !== undefined && this.#idle === undefined) {
      this.#idle = setTimeout(() => this.#cancelIdle(), IDLE_GRACE_MS);
    }
  }

  #cancelIdle(): void {
    this.#idle = undefined;
    const inflight = this.#inflight;
    if (this.#calls > 0 || inflight === undefined) return;
    this.#inflight = undefined;
    inflight.controller.abort(
      new RequestAbortedError("The token exchange was cancelled: no call is left to use its token"),
    );
  }

  #refresh(): Promise<IssuedToken> {
    if (this.#inflight) return this.#inflight.promise;
    const controller = new AbortController();
    // A cancelled exchange that ends anyway leaves alone whatever a fresh one holds.
    const promise = this.#exchange(controller.signal).then(
      (issued) => {
        if (this.#inflight?.promise === promise) {
          this.#current = issued;
          this.#inflight = undefined;
        }
        return issued;
      },
      (error: unknown) => {
        if (this.#inflight?.promise === promise) this.#inflight = undefined;
        throw error;
      },
    );
    this.#inflight = { promise, controller };
    return promise;
  }
}

/**
 * Waits for a shared promise, letting this caller give up without cancelling it: whether the
 * exchange goes on is for the calls in flight to decide (`callsInFlight`).
 */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return settleOrAbandon(promise, signal, ignore).catch((error: unknown) => {
    throw signal.aborted ? abortedError(signal) : error;
  });
}

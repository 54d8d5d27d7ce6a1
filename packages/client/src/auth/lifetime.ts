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
 * The margins scale with the lifetime: a refresh starts in the last 5% of it (at most a
 * minute) and the token is no longer sent in the last 2% (at most 5 s). So a 15-minute
 * token is refreshed 45 s early and a 2-second token is used for 1.96 s, and a steady
 * stream of calls makes about one exchange per lifetime.
 */
export function scheduleRefresh(token: string, issuedAt: number, expiresAt: number): IssuedToken {
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

import type { SharedTokenStore } from "../options.js";
import { type IssuedToken, issuedToken, RefreshingToken, type TokenProvider } from "./tokens.js";

const FAILED = Symbol();

/** A provider of one token: `exchange` gets a new one; with a store, the fleet shares it. */
export function provideToken(
  exchange: (signal: AbortSignal) => Promise<IssuedToken>,
  clock?: () => number,
  shared?: SharedTokenStore,
  workspace = "",
): TokenProvider {
  if (!shared) return new RefreshingToken(exchange, clock);
  const now = clock ?? (() => Date.now());
  const { store, waitMs, lockMs, report } = shared;
  // Web Crypto is missing outside secure contexts: the store is then reported and skipped.
  const key = Promise.resolve()
    .then(() =>
      crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify([...shared.scope, workspace]))),
    )
    .then(
      (hash) =>
        `agent-engine:${[...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("")}`,
    );
  /** The token this instance holds or last held: found in the store, it is the one to replace. */
  let last: IssuedToken | undefined;

  // Waits at most `waitMs` for a store operation: a store that fails or hangs is reported and
  // skipped, never an error of the call.
  const bounded = <T>(operation: (key: string) => Promise<T> | undefined) =>
    new Promise<T | typeof FAILED>((resolve) => {
      const fail = (error: unknown) => {
        clearTimeout(timer);
        report(error);
        resolve(FAILED);
      };
      const timer = setTimeout(fail, waitMs, new Error(`The token store did not answer within ${waitMs} ms`));
      key.then(operation).then((value) => {
        clearTimeout(timer);
        resolve(value as T);
      }, fail);
    });
  const keep = (issued: IssuedToken) => {
    last = issued;
    return issued;
  };
  const own = async (signal: AbortSignal) => {
    const issued = await exchange(signal);
    bounded((k) => store.set(k, { token: issued.token, expiresAt: issued.expiresAt }));
    return keep(issued);
  };

  // A token in the store this instance may take: not the one it replaces, and not expired.
  const lookUp = async () => {
    const found = await bounded((k) => store.get(k));
    const t = now();
    if (found === FAILED) return found;
    return typeof found?.token === "string" &&
      /^[\x21-\x7e]+$/.test(found.token) &&
      found.token !== last?.token &&
      typeof found.expiresAt === "number" &&
      found.expiresAt > t
      ? keep(issuedToken(found.token, t, found.expiresAt))
      : undefined;
  };

  // Cancelled (no call is left to use the token), it stops at its next step and lets go of its lock.
  const sharedExchange = async (signal: AbortSignal): Promise<IssuedToken> => {
    // A holder's lock expires at most lockMs from now; this also bounds a store that never drops it.
    const deadline = now() + lockMs;
    for (let pause = 20; ; pause = Math.min(pause * 1.5, 500)) {
      signal.throwIfAborted();
      let found = await lookUp();
      if (found === FAILED) return own(signal);
      if (found) return found;
      const lock = store.lock ? await bounded((k) => store.lock?.(k, lockMs)) : null;
      if (lock === FAILED) return own(signal);
      if (lock !== undefined) {
        try {
          signal.throwIfAborted();
          // The previous holder may have written its token and let go between the look and the lock.
          found = lock ? await lookUp() : undefined;
          return found && found !== FAILED ? found : await own(signal);
        } finally {
          if (lock) bounded(() => lock.release());
        }
      }
      const t = now();
      // Another instance refreshes: keep sending the current token while it is good, and look
      // again soon; without one, wait for the other's token, but not past its lock's expiry.
      if (last && t < last.useUntil) return { ...last, refreshAt: Math.min(t + waitMs, last.useUntil) };
      if (t >= deadline) {
        report(new Error(`No token appeared in the token store within ${lockMs} ms`));
        return own(signal);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          signal.removeEventListener("abort", done);
          resolve();
        };
        const timer = setTimeout(done, pause);
        signal.addEventListener("abort", done);
      });
    }
  };

  const provider = new RefreshingToken(sharedExchange, now);
  return {
    getToken: (signal) => provider.getToken(signal),
    callsInFlight: (change) => provider.callsInFlight(change),
    rejectToken(token) {
      provider.rejectToken(token);
      // Still compared with what the store holds, but never sent again while others refresh.
      if (last?.token === token) last = { ...last, useUntil: 0 };
      bounded((k) => store.delete(k, token));
    },
  };
}

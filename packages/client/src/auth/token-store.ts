import { InvalidArgumentError } from "../errors.js";
import { describeValue } from "../validate.js";
import { scheduleRefresh, type IssuedToken } from "./lifetime.js";
import { RefreshingToken, type TokenProvider } from "./token-source.js";

/** A token with its expiry, as kept in a store. Nothing else is ever stored. */
export interface StoredToken {
  token: string;
  /** When the token expires (epoch ms). */
  expiresAt: number;
}

/**
 * Where a fleet of clients shares its tokens, so that one exchange and one mint per workspace
 * serve every instance (docs/tokens.md). Keys are SHA-256 hashes and never contain a secret;
 * the values are tokens, which are secrets.
 */
export interface TokenStore {
  get(key: string): Promise<StoredToken | undefined>;
  /** Keep `token` under `key` until its expiresAt (the store drops it then). */
  set(key: string, token: StoredToken): Promise<void>;
  /** Remove `key` only if it still holds `token` (a 401 refused it); a newer token stays. */
  delete(key: string, token: string): Promise<void>;
  /**
   * Optional: take the lock on refreshing the token under `key` for `ttlMs`; undefined when
   * another instance holds it. Without it every instance that misses the store refreshes.
   */
  lock?(key: string, ttlMs: number): Promise<{ release(): Promise<void> } | undefined>;
}

/** How the providers of one client use its store. */
export interface SharedTokenStore {
  store: TokenStore;
  /** What the key of every token of this client is derived from: client id, organization, base URL. */
  scope: string[];
  /** Bounds each store operation; past it the client goes on without the store. */
  waitMs: number;
  /** How long a refresh may hold the lock, and so how long the other instances wait for it. */
  lockMs: number;
  report(error: unknown): void;
}

const FAILED = Symbol();
const RULE = "it must be an object with get, set and delete functions (lock optional)";
const fn = (value: unknown) => typeof value === "function";

/**
 * The client's store, checked, with its hook called at most once: `undefined` when there is no
 * store (each client then keeps its tokens to itself).
 */
export function resolveTokenStore(
  store: unknown,
  onError: unknown,
  scope: string[],
  timeoutMs = 60_000,
): SharedTokenStore | undefined {
  if (onError !== undefined && !fn(onError))
    throw new InvalidArgumentError("onTokenStoreError", "it must be a function", describeValue(onError));
  if (store === undefined) return undefined;
  const s = store as TokenStore;
  if (!s || !fn(s.get) || !fn(s.set) || !fn(s.delete) || (s.lock !== undefined && !fn(s.lock)))
    throw new InvalidArgumentError("tokenStore", RULE, describeValue(store));
  let reported = false;
  return {
    store: s,
    scope,
    // A call waits at most its timeoutMs for its token: the store's share of that wait leaves
    // room for the exchange the client falls back to.
    waitMs: Math.min(timeoutMs / 4, 5000),
    lockMs: Math.min(timeoutMs / 2, 30_000),
    report(error) {
      if (reported) return;
      reported = true;
      try {
        (onError as ((error: unknown) => void) | undefined)?.(error);
      } catch {
        // A failing hook must not fail the call it reports on.
      }
    },
  };
}

/** A provider of one token: `exchange` gets a new one; with a store, the fleet shares it. */
export function provideToken(
  exchange: () => Promise<IssuedToken>,
  now: () => number = () => Date.now(),
  shared?: SharedTokenStore,
  workspace = "",
): TokenProvider {
  if (!shared) return new RefreshingToken(exchange, now);
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
  const own = async () => {
    const issued = await exchange();
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
      ? keep(scheduleRefresh(found.token, t, found.expiresAt))
      : undefined;
  };

  const sharedExchange = async (): Promise<IssuedToken> => {
    // A holder's lock expires at most lockMs from now; this also bounds a store that never drops it.
    const deadline = now() + lockMs;
    for (let pause = 20; ; pause = Math.min(pause * 1.5, 500)) {
      let found = await lookUp();
      if (found === FAILED) return own();
      if (found) return found;
      const lock = store.lock ? await bounded((k) => store.lock?.(k, lockMs)) : null;
      if (lock === FAILED) return own();
      if (lock !== undefined) {
        try {
          // The previous holder may have written its token and let go between the look and the lock.
          found = lock ? await lookUp() : undefined;
          return found && found !== FAILED ? found : await own();
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
        return own();
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  };

  const provider = new RefreshingToken(sharedExchange, now);
  return {
    getToken: (signal) => provider.getToken(signal),
    tokenAtHand: () => provider.tokenAtHand(),
    rejectToken(token) {
      provider.rejectToken(token);
      // Still compared with what the store holds, but never sent again while others refresh.
      if (last?.token === token) last = { ...last, useUntil: 0 };
      bounded((k) => store.delete(k, token));
    },
  };
}

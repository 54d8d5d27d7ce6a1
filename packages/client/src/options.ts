import { InvalidArgumentError } from "./errors.js";
import {
  describeSecret,
  describeValue,
  optionalUuid,
  requireBoolean,
  requireCount,
  requireDuration,
  requireHttpUrl,
  requireNonEmptyString,
  requireObject,
} from "./validate.js";

export const DEFAULT_BASE_URL = "https://api.airbyte.ai";
const DEFAULT_MAX_CACHED_WORKSPACES = 1000;
/** How long one attempt may wait, from sending the request to its answer's headers. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The fetch the client sends with: the platform's, or one you pass. One you pass is called
 * with a single, complete Request per attempt: the bearer token, the body and the attempt's
 * signal (its timeout and your cancellation) are all on it, so `(request) => fetch(request)`
 * sends it whole.
 */
export type FetchLike = (request: Request, init?: RequestInit) => Promise<Response>;

/** How failed attempts are retried; every field is optional and falls back to the default. */
export interface RetryOptions {
  /** Retries after the first attempt. Default 2 (3 attempts in all); 0 turns retries off. */
  maxRetries?: number;
  /** The first backoff, doubled on each retry (with jitter). Default 500 ms. */
  baseDelayMs?: number;
  /** The longest backoff between two attempts. Default 8 000 ms. */
  maxDelayMs?: number;
  /**
   * The longest `Retry-After` this client waits for. A server asking for longer gets its
   * answer (429 or 503) returned at once rather than a shorter wait. Default 60 000 ms.
   */
  maxRetryAfterMs?: number;
  /**
   * Also retry POST, PUT, PATCH and DELETE after they may have reached the server (a reset,
   * a timeout, a 5xx). Only for operations that are safe to repeat. Default false.
   */
  retryNonIdempotent?: boolean;
}

export type RetryPolicy = Readonly<Required<RetryOptions>>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = /* @__PURE__ */ Object.freeze({
  maxRetries: 2,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
  retryNonIdempotent: false,
});

export interface AgentEngineClientOptions {
  /** Client id from Authentication Module > Installation; defaults to `AIRBYTE_CLIENT_ID`. */
  clientId?: string;
  /** Client secret; defaults to `AIRBYTE_CLIENT_SECRET`. Never printed, logged or serialized. */
  clientSecret?: string;
  /** Defaults to `AIRBYTE_BASE_URL`, else `https://api.airbyte.ai`. */
  baseUrl?: string;
  /** Sent as `X-Organization-Id` on every request; defaults to `AIRBYTE_ORGANIZATION_ID`. */
  organizationId?: string;
  /** The fetch to send requests with (tests, proxies, instrumentation); defaults to the global fetch. */
  fetch?: FetchLike;
  /** How many workspaces' scoped tokens `forWorkspace()` keeps (least recently used go first). Default 1000. */
  maxCachedWorkspaces?: number;
  /**
   * How failed attempts are retried ([guide](../../../docs/retries-timeouts-cancellation.md)).
   * Default: 2 retries with exponential backoff, for requests that are safe to repeat; `false`
   * sends every request once.
   */
  retry?: RetryOptions | false;
  /**
   * How long one attempt may wait for its answer's headers, in ms, and a call for its token.
   * Default 60 000. The body is read under your signal (`AbortSignal.timeout(ms)` bounds a
   * whole call); a token mint's body is read within the attempt.
   */
  timeoutMs?: number;
  /**
   * The client secret grants organization-wide access, so the client refuses to run in a
   * browser-like environment where a page's users could read it. Set this only when the
   * "browser" is trusted (an Electron main process, a test runner with jsdom).
   */
  dangerouslyAllowBrowser?: boolean;
  /**
   * Shares tokens across the instances of a fleet, so that they exchange the credentials and
   * mint each workspace's token once ([guide](../../../docs/tokens.md)). Default: none; each
   * client keeps its own.
   */
  tokenStore?: TokenStore;
  /**
   * Called once per client, with the error, the first time the token store fails or does not
   * answer in time (min(timeoutMs / 4, 5 s)); the client then goes on without it, and no call fails.
   */
  onTokenStoreError?: (error: unknown) => void;
}

/**
 * What a call takes besides its input: a signal, and this call's `timeoutMs` and `retry`
 * instead of the client's. On the openapi-fetch methods they go next to `params` and `body`
 * (openapi-fetch copies init keys it does not know onto its Request, which is how they reach
 * the transport); the resource and convenience methods take them as their last argument.
 */
export interface CallOptions {
  signal?: AbortSignal;
  /**
   * This call's per-attempt timeout in ms (until the answer's headers), instead of the client's;
   * also the longest it waits for a token exchange, which runs with the client's settings.
   */
  timeoutMs?: number;
  /** Laid over the client's retry options for this call; `false` sends it once. */
  retry?: RetryOptions | false;
}

/** What every transport of a client shares, checked once. */
export interface TransportSettings {
  /** The fetch you passed; undefined for the platform's, which the transport calls itself. */
  readonly fetch: FetchLike | undefined;
  readonly policy: RetryPolicy;
  readonly timeoutMs: number;
  /** The jitter's source of randomness, in [0, 1). */
  readonly random: () => number;
}

export interface ClientSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly baseUrl: string;
  readonly organizationId: string | undefined;
  readonly maxCachedWorkspaces: number;
  readonly transport: TransportSettings;
  readonly tokenStore: SharedTokenStore | undefined;
}

/**
 * An environment variable, where the runtime has `process.env` and lets it be read: Deno
 * without `--allow-env` throws on the read, and then the option must be passed.
 */
function fromEnvironment(name: string): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  try {
    return env?.[name];
  } catch {
    return undefined;
  }
}

function looksLikeBrowser(): boolean {
  const g = globalThis as { window?: { document?: unknown } };
  return typeof g.window !== "undefined" && typeof g.window.document !== "undefined";
}

/** The options there are; anything else is refused, so that a typo cannot turn a setting off. */
const OPTION_NAMES: readonly (keyof AgentEngineClientOptions)[] = [
  "clientId",
  "clientSecret",
  "baseUrl",
  "organizationId",
  "fetch",
  "maxCachedWorkspaces",
  "retry",
  "timeoutMs",
  "dangerouslyAllowBrowser",
  "tokenStore",
  "onTokenStoreError",
];

/** Checks every client option once; a bad one throws InvalidArgumentError naming it. */
export function resolveOptions(options: AgentEngineClientOptions): ClientSettings {
  requireObject("options", options);
  for (const [name, value] of Object.entries(options)) {
    if (!(OPTION_NAMES as readonly string[]).includes(name)) {
      // Described, not shown: a misspelt `client_secret` holds a secret.
      throw new InvalidArgumentError(
        name,
        `it is not an option; the options are ${OPTION_NAMES.join(", ")}`,
        describeSecret(value),
      );
    }
  }
  if (looksLikeBrowser() && options.dangerouslyAllowBrowser !== true) {
    throw new InvalidArgumentError(
      "environment",
      "in a browser anyone could read the client secret: mint widget tokens on a server, or pass dangerouslyAllowBrowser: true if trusted",
      "browser",
    );
  }
  const clientId = options.clientId ?? fromEnvironment("AIRBYTE_CLIENT_ID");
  const clientSecret = options.clientSecret ?? fromEnvironment("AIRBYTE_CLIENT_SECRET");
  if (clientId === undefined) {
    throw new InvalidArgumentError("clientId", "pass clientId or set AIRBYTE_CLIENT_ID", "missing");
  }
  if (clientSecret === undefined) {
    throw new InvalidArgumentError(
      "clientSecret",
      "pass clientSecret or set AIRBYTE_CLIENT_SECRET",
      "missing",
    );
  }
  const max = options.maxCachedWorkspaces ?? DEFAULT_MAX_CACHED_WORKSPACES;
  if (!Number.isInteger(max) || max < 1) {
    throw new InvalidArgumentError(
      "maxCachedWorkspaces",
      "it must be a whole number of at least 1",
      describeValue(max),
    );
  }
  const settings = {
    clientId: requireNonEmptyString("clientId", clientId),
    clientSecret: requireNonEmptyString("clientSecret", clientSecret, true),
    baseUrl: requireHttpUrl(
      "baseUrl",
      options.baseUrl ?? fromEnvironment("AIRBYTE_BASE_URL") ?? DEFAULT_BASE_URL,
    ),
    organizationId: optionalUuid(
      "organizationId",
      options.organizationId ?? fromEnvironment("AIRBYTE_ORGANIZATION_ID"),
    ),
    maxCachedWorkspaces: max,
    transport: resolveTransportSettings(options),
  };
  return Object.freeze({
    ...settings,
    // The key of a shared token: never the secret, hashed with the workspace (auth/token-store.ts).
    tokenStore: resolveTokenStore(
      options.tokenStore,
      options.onTokenStoreError,
      [settings.clientId, settings.organizationId ?? "", settings.baseUrl],
      settings.transport.timeoutMs,
    ),
  });
}

/** A token with its expiry, as kept in a store. Nothing else is ever stored. */
export interface StoredToken {
  token: string;
  /** When the token expires (epoch ms). */
  expiresAt: number;
}

/**
 * Where a fleet of clients shares its tokens, so that one exchange and one mint per workspace
 * serve every instance ([guide](../../../docs/tokens.md)). Keys are SHA-256 hashes and never
 * contain a secret; the values are tokens, which are secrets.
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

const TOKEN_STORE_RULE = "it must be an object with get, set and delete functions (lock optional)";
const fn = (value: unknown) => typeof value === "function";

/**
 * The client's store, checked, with its hook called at most once: `undefined` when there is no
 * store (each client then keeps its tokens to itself).
 */
function resolveTokenStore(
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
    throw new InvalidArgumentError("tokenStore", TOKEN_STORE_RULE, describeValue(store));
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

/** Checks the options a transport takes, into the settings its calls share. */
export function resolveTransportSettings(options: {
  fetch?: unknown;
  retry?: unknown;
  timeoutMs?: unknown;
  random?: () => number;
}): TransportSettings {
  if (options.fetch !== undefined && typeof options.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "it must be a function", describeValue(options.fetch));
  }
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "this runtime has no global fetch: pass one", "missing");
  }
  return Object.freeze({
    fetch: options.fetch as FetchLike | undefined,
    policy: resolveRetryPolicy(options.retry),
    timeoutMs: resolveTimeoutMs(options.timeoutMs),
    random: options.random ?? Math.random,
  });
}

/**
 * The options a method passes on to openapi-fetch: picked rather than spread, so that a stray
 * `body` or `params` from an untyped caller cannot replace the method's own.
 */
export function readCallOptions(options: CallOptions): CallOptions {
  requireObject("init", options);
  return { signal: options.signal, timeoutMs: options.timeoutMs, retry: options.retry };
}

/**
 * The transport's settings for one call: the client's, with the call's `timeoutMs` and `retry`
 * (read from its Request) laid over them; a bad one throws InvalidArgumentError.
 */
export function settingsForCall(request: Request, client: TransportSettings): TransportSettings {
  const call = request as Request & { [K in keyof CallOptions]?: unknown };
  if (call.retry === undefined && call.timeoutMs === undefined) return client;
  return {
    ...client,
    policy: resolveRetryPolicy(call.retry, client.policy),
    timeoutMs: resolveTimeoutMs(call.timeoutMs, client.timeoutMs),
  };
}

export function resolveTimeoutMs(value: unknown, fallback = DEFAULT_TIMEOUT_MS): number {
  return value === undefined ? fallback : requireDuration("timeoutMs", value, 1);
}

/** How each retry option is checked; the keys are the options there are. */
const RETRY_CHECKS: Record<keyof RetryOptions, (argument: string, value: unknown) => number | boolean> = {
  maxRetries: requireCount,
  baseDelayMs: requireDuration,
  maxDelayMs: requireDuration,
  maxRetryAfterMs: requireDuration,
  retryNonIdempotent: requireBoolean,
};

/**
 * Checks `retry` (as given to the client or to one call) and lays it over `base`: `false`
 * means no retries, `undefined` means `base` as it is.
 */
export function resolveRetryPolicy(value: unknown, base: RetryPolicy = DEFAULT_RETRY_POLICY): RetryPolicy {
  if (value === undefined) return base;
  if (value === false) return Object.freeze({ ...base, maxRetries: 0 });
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(
      "retry",
      "it must be false or an object such as { maxRetries: 2 }",
      describeValue(value),
    );
  }
  const policy: Record<string, unknown> = { ...base };
  for (const [key, given] of Object.entries(value)) {
    const check = (RETRY_CHECKS as Record<string, (argument: string, value: unknown) => unknown>)[key];
    if (!check) {
      throw new InvalidArgumentError(
        `retry.${key}`,
        `it is not a retry option; the options are ${Object.keys(RETRY_CHECKS).join(", ")}`,
        describeValue(given),
      );
    }
    if (given !== undefined) policy[key] = check(`retry.${key}`, given);
  }
  const resolved = policy as RetryPolicy;
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    // The two may come from different layers (a call's retry over the client's): blame the one
    // this value gave, so the message never names a value the caller did not pass.
    const given = value as RetryOptions;
    if (given.maxDelayMs === undefined) {
      throw new InvalidArgumentError(
        "retry.baseDelayMs",
        `it must be at most maxDelayMs (${resolved.maxDelayMs})`,
        describeValue(resolved.baseDelayMs),
      );
    }
    throw new InvalidArgumentError(
      "retry.maxDelayMs",
      `it must be at least baseDelayMs (${resolved.baseDelayMs})`,
      describeValue(resolved.maxDelayMs),
    );
  }
  return Object.freeze(resolved);
}

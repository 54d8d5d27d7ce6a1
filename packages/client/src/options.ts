import { resolveTokenStore, type SharedTokenStore, type TokenStore } from "./auth/token-store.js";
import { InvalidArgumentError } from "./errors.js";
import type { FetchLike } from "./transport/fetch.js";
import type { RetryOptions } from "./transport/retry-policy.js";
import {
  optionalUuid,
  requireHttpUrl,
  requireNonEmptyString,
  requireObject,
  describeValue,
  describeSecret,
} from "./validate.js";

export const DEFAULT_BASE_URL = "https://api.airbyte.ai";
const DEFAULT_MAX_CACHED_WORKSPACES = 1000;

export interface AgentEngineClientOptions {
  /** Client id from Authentication Module > Installation; defaults to `AIRBYTE_CLIENT_ID`. */
  clientId?: string;
  /** Client secret; defaults to `AIRBYTE_CLIENT_SECRET`. Never printed, logged or serialized. */
  clientSecret?: string;
  /** Defaults to `AIRBYTE_BASE_URL`, then `https://api.airbyte.ai`. */
  baseUrl?: string;
  /** Sent as `X-Organization-Id` on every request; defaults to `AIRBYTE_ORGANIZATION_ID`. */
  organizationId?: string;
  /** The fetch to send requests with (tests, proxies, instrumentation); defaults to the global fetch. */
  fetch?: FetchLike;
  /** How many workspaces' scoped tokens `forWorkspace()` keeps (least recently used go first). Default 1000. */
  maxCachedWorkspaces?: number;
  /**
   * How failed attempts are retried (the repository's docs/retries-timeouts-cancellation.md).
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
   * mint each workspace's token once (docs/tokens.md). Default: none; each client keeps its own.
   */
  tokenStore?: TokenStore;
  /**
   * Called once per client, with the error, the first time the token store fails or does not
   * answer in time (min(timeoutMs, 5 s)); the client then goes on without it, and no call fails.
   */
  onTokenStoreError?: (error: unknown) => void;
}

export interface ResolvedOptions {
  clientId: string;
  clientSecret: string;
  baseUrl: string;
  organizationId: string | undefined;
  /** The fetch you passed; undefined for the platform's, which the transport calls itself. */
  fetch: FetchLike | undefined;
  maxCachedWorkspaces: number;
  /** As given: each transport checks and resolves them (see createTransport). */
  retry: RetryOptions | false | undefined;
  timeoutMs: number | undefined;
  tokenStore: SharedTokenStore | undefined;
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

export function resolveOptions(options: AgentEngineClientOptions): ResolvedOptions {
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
  // A fetch you pass is checked by the transport; here only its absence matters.
  if (options.fetch === undefined && typeof globalThis.fetch !== "function") {
    throw new InvalidArgumentError("fetch", "this runtime has no global fetch: pass one", "missing");
  }
  const max = options.maxCachedWorkspaces ?? DEFAULT_MAX_CACHED_WORKSPACES;
  if (!Number.isInteger(max) || max < 1) {
    throw new InvalidArgumentError(
      "maxCachedWorkspaces",
      "it must be a whole number of at least 1",
      describeValue(max),
    );
  }
  const resolved = {
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
    fetch: options.fetch,
    maxCachedWorkspaces: max,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
  };
  return {
    ...resolved,
    // The key of a shared token: never the secret, hashed with the workspace (token-store.ts).
    tokenStore: resolveTokenStore(
      options.tokenStore,
      options.onTokenStoreError,
      [resolved.clientId, resolved.organizationId ?? "", resolved.baseUrl],
      options.timeoutMs,
    ),
  };
}

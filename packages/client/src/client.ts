import type { ClientOptions } from "openapi-fetch";
import { API_PATHS, type paths, type SourceDefinition } from "@org/agent-engine-types";
import { createApplicationTokenProvider } from "./auth/application-token.js";
import { BoundedCache } from "./auth/bounded-cache.js";
import { createScopedTokenProvider, mintScopedToken, type WorkspaceTarget } from "./auth/scoped-token.js";
import type { TokenProvider } from "./auth/token-source.js";
import { mintWidgetToken, type WidgetToken, type WidgetTokenOptions } from "./auth/widget-token.js";
import { InvalidResponseError } from "./errors.js";
import { expectData, summarizeRequest, type AgentEngineApi } from "./http.js";
import { resolveOptions, type AgentEngineClientOptions } from "./options.js";
import { createClient } from "./openapi-fetch.js";
import { noteCallsWithoutSignal } from "./transport/caller-signal.js";
import { createTransport } from "./transport/fetch.js";
import { perCallInit, type CallOptions } from "./transport/overrides.js";
import { optionalUuid, requireNonEmptyString, requireObject, requireString } from "./validate.js";
import { pathSerializer, querySerializer } from "./url-params.js";
import { buildResources } from "./resources/build.js";
import { RESOURCES } from "./resources/table.js";
import { readTokenInfo, type WorkspaceTokenInfo } from "./resources/token-info.js";
import type { ApplicationResources, WorkspaceResources } from "./generated/resources.js";

const SOURCE_DEFINITIONS_PATH = API_PATHS.sourceDefinitions;

export interface ScopedToken {
  token: string;
  expiresAt: Date;
}

/**
 * One workspace's client: the openapi-fetch methods and the resources that accept a scoped
 * token, all sent with that workspace's scoped token.
 */
export interface WorkspaceClient extends AgentEngineApi, WorkspaceResources {
  /** What the scoped token says about itself, with the workspace's name as `workspace_name`. */
  tokenInfo(options?: CallOptions): Promise<WorkspaceTokenInfo>;
}

export interface AgentEngineClient extends AgentEngineApi, ApplicationResources {
  // `init` takes a signal and this call's `timeoutMs` and `retry`, as the openapi-fetch methods do.
  /** The source connector definitions, optionally filtered by a case-insensitive partial name. */
  listSourceDefinitions(query?: { name?: string }, init?: CallOptions): Promise<SourceDefinition[]>;
  /** A new scoped token for one workspace (created when it does not exist); no middleware sees it. */
  createScopedToken(target: WorkspaceTarget, init?: CallOptions): Promise<ScopedToken>;
  /** A new widget token for embedding the authentication module on `allowedOrigin`; no middleware sees it. */
  createWidgetToken(options: WidgetTokenOptions, init?: CallOptions): Promise<WidgetToken>;
  /**
   * An openapi-fetch client that acts as one workspace, with its scoped token minted on
   * first need, cached and refreshed, and the resources a scoped token may call. Middleware
   * added with `use()` on the main client does not apply to it, nor to its token's mints.
   */
  forWorkspace(workspaceName: string, options?: { regionId?: string | null }): WorkspaceClient;
}

/**
 * The Agent Engine client: the openapi-fetch methods for every path, authenticated with the
 * application token, plus convenience methods that throw typed errors.
 */
export function createAgentEngineClient(options: AgentEngineClientOptions = {}): AgentEngineClient {
  const config = resolveOptions(options);
  const { baseUrl } = config;
  // The transport, not an openapi-fetch middleware, sends the token: middleware never sees
  // it, a client with no middleware skips openapi-fetch's middleware pass, and a 401 replay
  // reuses the bytes the transport already holds for retries.
  const clientFor = (tokens?: TokenProvider) =>
    noteCallsWithoutSignal(
      createClient<paths>({
        baseUrl,
        fetch: createTransport({
          fetch: config.fetch,
          retry: config.retry,
          timeoutMs: config.timeoutMs,
          tokens,
        }),
        querySerializer,
        pathSerializer,
        headers: config.organizationId ? { "X-Organization-Id": config.organizationId } : undefined,
      } satisfies ClientOptions),
    );

  const applicationToken = createApplicationTokenProvider(
    clientFor(),
    { clientId: config.clientId, clientSecret: config.clientSecret },
    { baseUrl, tokenStore: config.tokenStore },
  );
  const api = clientFor(applicationToken);
  // The mints go through a client of their own: middleware added with `use()` never sees a token.
  const mints = clientFor(applicationToken);

  const workspaces = new BoundedCache<string, WorkspaceClient>(config.maxCachedWorkspaces);

  return {
    ...api,
    ...buildResources(api, baseUrl, RESOURCES, "ApplicationToken"),

    async listSourceDefinitions(query = {}, init = {}) {
      requireObject("query", query);
      const name = query.name === undefined ? undefined : requireString("name", query.name);
      const data = await expectData(
        api.GET(SOURCE_DEFINITIONS_PATH, {
          params: { query: name === undefined ? {} : { name } },
          ...perCallInit(init),
        }),
        summarizeRequest("GET", baseUrl, SOURCE_DEFINITIONS_PATH),
      );
      if (!Array.isArray(data.definitions)) {
        throw new InvalidResponseError(
          `GET ${baseUrl}${SOURCE_DEFINITIONS_PATH} answered without a definitions list`,
        );
      }
      return data.definitions;
    },

    async createScopedToken(target, init = {}) {
      const issued = await mintScopedToken(mints, target, { ...perCallInit(init), baseUrl });
      return { token: issued.token, expiresAt: new Date(issued.expiresAt) };
    },

    createWidgetToken(widget, init = {}) {
      return mintWidgetToken(mints, widget, { ...perCallInit(init), baseUrl });
    },

    forWorkspace(workspaceName, workspaceOptions = {}) {
      const name = requireNonEmptyString("workspaceName", workspaceName);
      requireObject("options", workspaceOptions);
      // Checked on every call, not only when the workspace's client is first made.
      const regionId = optionalUuid("regionId", workspaceOptions.regionId);
      return workspaces.getOrCreate(name, () => {
        const scoped = clientFor(
          createScopedTokenProvider(
            mints,
            { workspaceName: name, regionId },
            { baseUrl, tokenStore: config.tokenStore },
          ),
        );
        return {
          ...scoped,
          ...buildResources(scoped, baseUrl, RESOURCES, "ScopedToken"),
          tokenInfo: (options) => readTokenInfo(scoped, baseUrl, options),
        };
      });
    },
  };
}

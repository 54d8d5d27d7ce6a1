import { API_PATHS, type paths, type ScopedTokenInfo, type SourceDefinition } from "@org/agent-engine-types";
import type { ClientOptions } from "openapi-fetch";
import {
  createApplicationTokenProvider,
  createScopedTokenProvider,
  mintScopedToken,
  mintWidgetToken,
  type WidgetToken,
  type WidgetTokenOptions,
  type WorkspaceTarget,
} from "./auth/exchange.js";
import type { TokenProvider } from "./auth/tokens.js";
import { InvalidResponseError } from "./errors.js";
import {
  type AgentEngineApi,
  createClient,
  expectData,
  pathSerializer,
  querySerializer,
  summarizeRequest,
} from "./http.js";
import {
  type AgentEngineClientOptions,
  type CallOptions,
  readCallOptions,
  resolveOptions,
} from "./options.js";
import type { ApplicationResources, WorkspaceResources } from "./generated/resources.js";
import { buildResources } from "./resources/build.js";
import { RESOURCES } from "./resources/table.js";
import { transportFor } from "./transport/transport.js";
import { optionalUuid, requireNonEmptyString, requireObject, requireString } from "./validate.js";

const SOURCE_DEFINITIONS_PATH = API_PATHS.sourceDefinitions;

/** The scoped token's info as the API answers it, plus the workspace's name under one field. */
export type WorkspaceTokenInfo = ScopedTokenInfo & {
  /** The workspace's name, whichever field the API used: `workspace_name`, `customer_name` (0.9.0) or `external_user_id` (older). */
  workspace_name: string;
};

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

/**
 * The Agent Engine client, as {@link createAgentEngineClient} returns it. It exchanges your
 * application's credentials for the application token on first need, keeps it fresh, and
 * sends every call with it; secrets never reach middleware, errors or logs.
 *
 * What it carries:
 * - one typed method per operation, grouped by resource ({@link ApplicationResources}):
 *   `connectors`, `workspaces`, `definitions.sources` and `definitions.destinations`,
 *   `templates.sources` and `templates.connections`, `skills` and `oauthCredentials`; each
 *   resolves with the answer's named type and throws a typed {@link AgentEngineError};
 * - the openapi-fetch methods (`GET`, `POST`..., `use()`) for every path of the API, with
 *   openapi-fetch's `{ data, error }` answers;
 * - tokens for your end users: {@link AgentEngineClient.createScopedToken | createScopedToken},
 *   {@link AgentEngineClient.createWidgetToken | createWidgetToken}, and
 *   {@link AgentEngineClient.forWorkspace | forWorkspace(name)}, a client acting as one
 *   workspace ({@link WorkspaceClient}).
 *
 * @example
 * ```ts
 * import { createAgentEngineClient } from "@org/agent-engine-client";
 *
 * // Reads AIRBYTE_CLIENT_ID, AIRBYTE_CLIENT_SECRET, AIRBYTE_ORGANIZATION_ID, AIRBYTE_BASE_URL.
 * const client = createAgentEngineClient();
 * const { data } = await client.connectors.list({ workspace_name: "acme" });
 * ```
 *
 * Guides: [resources](../../../docs/resources.md), [options](../../../docs/options.md),
 * [tokens](../../../docs/tokens.md), [errors](../../../docs/errors.md),
 * [retries, timeouts and cancellation](../../../docs/retries-timeouts-cancellation.md);
 * every resource method with its signature: [api.md](../../../api.md).
 */
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
    createClient<paths>({
      baseUrl,
      fetch: transportFor(config.transport, tokens),
      querySerializer,
      pathSerializer,
      headers: config.organizationId ? { "X-Organization-Id": config.organizationId } : undefined,
    } satisfies ClientOptions);

  const applicationToken = createApplicationTokenProvider(
    clientFor(),
    { clientId: config.clientId, clientSecret: config.clientSecret },
    { baseUrl, tokenStore: config.tokenStore },
  );
  const api = clientFor(applicationToken);
  // The mints go through a client of their own: middleware added with `use()` never sees a token.
  const mints = clientFor(applicationToken);

  // The most recently used workspaces' clients, in a Map's insertion order: most recent last.
  const workspaces = new Map<string, WorkspaceClient>();

  return {
    ...api,
    ...buildResources(api, baseUrl, RESOURCES, "ApplicationToken"),

    async listSourceDefinitions(query = {}, init = {}) {
      requireObject("query", query);
      const name = query.name === undefined ? undefined : requireString("name", query.name);
      const data = await expectData(
        api.GET(SOURCE_DEFINITIONS_PATH, {
          params: { query: name === undefined ? {} : { name } },
          ...readCallOptions(init),
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
      const issued = await mintScopedToken(mints, target, { ...readCallOptions(init), baseUrl });
      return { token: issued.token, expiresAt: new Date(issued.expiresAt) };
    },

    createWidgetToken(widget, init = {}) {
      return mintWidgetToken(mints, widget, { ...readCallOptions(init), baseUrl });
    },

    forWorkspace(workspaceName, workspaceOptions = {}) {
      const name = requireNonEmptyString("workspaceName", workspaceName);
      requireObject("options", workspaceOptions);
      // Checked on every call, not only when the workspace's client is first made.
      const regionId = optionalUuid("regionId", workspaceOptions.regionId);
      let workspace = workspaces.get(name);
      if (workspace !== undefined) {
        workspaces.delete(name);
      } else {
        const scoped = clientFor(
          createScopedTokenProvider(
            mints,
            { workspaceName: name, regionId },
            { baseUrl, tokenStore: config.tokenStore },
          ),
        );
        workspace = {
          ...scoped,
          ...buildResources(scoped, baseUrl, RESOURCES, "ScopedToken"),
          tokenInfo: (options) => readTokenInfo(scoped, baseUrl, options),
        };
        if (workspaces.size >= config.maxCachedWorkspaces) {
          workspaces.delete(workspaces.keys().next().value as string);
        }
      }
      workspaces.set(name, workspace);
      return workspace;
    },
  };
}

/** GETs the scoped token's info and names the workspace whichever way the API spelt it. */
async function readTokenInfo(
  api: AgentEngineApi,
  baseUrl: string,
  options: CallOptions = {},
): Promise<WorkspaceTokenInfo> {
  const where = summarizeRequest("GET", baseUrl, API_PATHS.scopedTokenInfo);
  const info = await expectData(api.GET(API_PATHS.scopedTokenInfo, { ...readCallOptions(options) }), where);
  const name = [info.workspace_name, info.customer_name, info.external_user_id].find(
    (value) => typeof value === "string" && value !== "",
  );
  if (name === undefined)
    throw new InvalidResponseError(`${where.method} ${where.url} answered without the workspace's name`);
  return { ...info, workspace_name: name };
}

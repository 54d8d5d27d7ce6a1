import {
  API_PATHS,
  type paths,
  type ScopedTokenRequest,
  type TemplateTagsMode,
  type WidgetTokenRequest,
} from "@org/agent-engine-types";
import { InvalidResponseError } from "../errors.js";
import { type AgentEngineApi, expectData, type FetchResult, summarizeRequest } from "../http.js";
import { type CallOptions, readCallOptions, type SharedTokenStore } from "../options.js";
import {
  optionalOneOf,
  optionalStringArray,
  optionalUuid,
  requireNonEmptyString,
  requireObject,
} from "../validate.js";
import { decodeBase64, jwtExpiry, parseJson } from "./jwt.js";
import { validateAllowedOrigin } from "./origin.js";
import { provideToken } from "./token-store.js";
import { believableLifetimeMs, type IssuedToken, issuedToken, MINUTE, type TokenProvider } from "./tokens.js";

type TokenPath = (typeof API_PATHS)["applicationToken" | "scopedToken" | "widgetToken"];
type TokenRequest<P extends TokenPath> = paths[P]["post"]["requestBody"]["content"]["application/json"];
type TokenAnswer<P extends TokenPath> = paths[P]["post"]["responses"][200]["content"]["application/json"];

export interface TokenRequestOptions extends CallOptions {
  /** For error messages only. */
  baseUrl?: string;
}

/**
 * POSTs one of the three token requests and returns the answer's `field`, checked to be a
 * token that can be sent in a header; any other outcome is a typed error.
 */
export async function requestToken<P extends TokenPath>(
  api: AgentEngineApi,
  path: P,
  body: TokenRequest<P>,
  field: keyof TokenAnswer<P> & string,
  options: TokenRequestOptions = {},
): Promise<{ token: string; answer: TokenAnswer<P> }> {
  const summary = summarizeRequest("POST", options.baseUrl ?? "", path);
  // openapi-fetch's types resolve one literal path at a time; the three share this shape.
  const post = api.POST as (path: TokenPath, init: object) => Promise<FetchResult<TokenAnswer<P>>>;
  const answer = await expectData(post(path, { body, ...readCallOptions(options) }), summary);
  const token = (answer as Record<string, unknown>)[field];
  // Visible ASCII only: a blank token would be sent as `Bearer `, and a line break would make
  // the platform throw a TypeError that quotes the whole token.
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidResponseError(`${summary.method} ${summary.url} answered without a usable ${field}`);
  }
  return { token, answer };
}

// The application token.

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Documented lifetime, used only when a response carries no believable `expires_in` or `exp`. */
const DOCUMENTED_APPLICATION_LIFETIME = 15 * MINUTE;

/**
 * The organization-wide token, exchanged for client credentials on first need and refreshed
 * from the `expires_in` of each response. `api` sends the exchange; it needs no auth (an
 * authenticated client works too: its transport sends the exchange without a token).
 */
export function createApplicationTokenProvider(
  api: AgentEngineApi,
  credentials: ClientCredentials,
  options: { baseUrl?: string; now?: () => number; tokenStore?: SharedTokenStore } = {},
): TokenProvider {
  requireObject("credentials", credentials);
  const clientId = requireNonEmptyString("clientId", credentials.clientId);
  const clientSecret = requireNonEmptyString("clientSecret", credentials.clientSecret, true);
  const now = options.now ?? (() => Date.now());
  const body = { client_id: clientId, client_secret: clientSecret };

  return provideToken(
    async (signal): Promise<IssuedToken> => {
      const sentAt = now();
      const { token, answer } = await requestToken(api, API_PATHS.applicationToken, body, "access_token", {
        ...options,
        signal,
      });
      const lifetime = believableLifetimeMs(answer.expires_in);
      const expiresAt =
        lifetime !== undefined
          ? sentAt + lifetime
          : (jwtExpiry(token, sentAt) ?? sentAt + DOCUMENTED_APPLICATION_LIFETIME);
      return issuedToken(token, sentAt, expiresAt);
    },
    options.now,
    options.tokenStore,
  );
}

// Scoped tokens.

/** Documented lifetime of scoped and widget tokens, used when the JWT's `exp` cannot be read. */
export const SCOPED_TOKEN_LIFETIME = 20 * MINUTE;

export interface WorkspaceTarget {
  workspaceName: string;
  /** Region for a workspace created by this call; ignored for existing workspaces. */
  regionId?: string | null;
}

export function scopedTokenRequest(target: WorkspaceTarget): ScopedTokenRequest {
  requireObject("target", target);
  const body: ScopedTokenRequest = {
    workspace_name: requireNonEmptyString("workspaceName", target.workspaceName),
  };
  const regionId = optionalUuid("regionId", target.regionId);
  if (regionId) body.region_id = regionId;
  return body;
}

/** Expiry of a scoped token: its `exp` claim when it decodes, else the documented 20 minutes. */
export function scopedTokenExpiry(token: string, issuedAt: number): number {
  return jwtExpiry(token, issuedAt) ?? issuedAt + SCOPED_TOKEN_LIFETIME;
}

/** Mints a scoped token with `api`, which must be authenticated with the application token. */
export async function mintScopedToken(
  api: AgentEngineApi,
  target: WorkspaceTarget,
  options: TokenRequestOptions & { now?: () => number } = {},
): Promise<IssuedToken> {
  const body = scopedTokenRequest(target);
  const issuedAt = (options.now ?? Date.now)();
  const { token } = await requestToken(api, API_PATHS.scopedToken, body, "token", options);
  return issuedToken(token, issuedAt, scopedTokenExpiry(token, issuedAt));
}

/** A workspace's scoped token, minted on first need and refreshed before it expires. */
export function createScopedTokenProvider(
  api: AgentEngineApi,
  target: WorkspaceTarget,
  options: { baseUrl?: string; now?: () => number; tokenStore?: SharedTokenStore } = {},
): TokenProvider {
  scopedTokenRequest(target);
  return provideToken(
    (signal) => mintScopedToken(api, target, { ...options, signal }),
    options.now,
    options.tokenStore,
    target.workspaceName,
  );
}

// Widget tokens.

export interface WidgetTokenOptions extends WorkspaceTarget {
  /** The exact origin of the page that embeds the widget, e.g. `https://yourapp.com`. */
  allowedOrigin: string;
  sourceTemplateTags?: string[];
  sourceTemplateTagsMode?: TemplateTagsMode;
  connectionTemplateTags?: string[];
  connectionTemplateTagsMode?: TemplateTagsMode;
}

export interface WidgetToken {
  /** The token to hand to the embedding page, as the server sent it. */
  token: string;
  expiresAt: Date;
  /** The widget's URL, when the token carries one. */
  widgetUrl?: string;
}

const MODES = ["any", "all"] as const;

export function widgetTokenRequest(options: WidgetTokenOptions): WidgetTokenRequest {
  requireObject("options", options);
  const body: WidgetTokenRequest = {
    ...scopedTokenRequest(options),
    allowed_origin: validateAllowedOrigin(options.allowedOrigin),
  };
  const sourceTags = optionalStringArray("sourceTemplateTags", options.sourceTemplateTags);
  const sourceMode = optionalOneOf("sourceTemplateTagsMode", options.sourceTemplateTagsMode, MODES);
  const connectionTags = optionalStringArray("connectionTemplateTags", options.connectionTemplateTags);
  const connectionMode = optionalOneOf(
    "connectionTemplateTagsMode",
    options.connectionTemplateTagsMode,
    MODES,
  );
  if (sourceTags) body.selected_source_template_tags = sourceTags;
  if (sourceMode) body.selected_source_template_tags_mode = sourceMode;
  if (connectionTags) body.selected_connection_template_tags = connectionTags;
  if (connectionMode) body.selected_connection_template_tags_mode = connectionMode;
  return body;
}

/**
 * A widget token is base64 of `{"token": "<scoped JWT>", "widgetUrl": "..."}`; its expiry is
 * the inner token's. A token that does not decode is still returned, with the documented lifetime.
 */
export function readWidgetToken(token: string, issuedAt: number): WidgetToken {
  const decoded = parseJson(decodeBase64(token));
  const inner = typeof decoded === "object" && decoded !== null ? (decoded as Record<string, unknown>) : {};
  const scoped = typeof inner.token === "string" ? inner.token : token;
  const widgetToken: WidgetToken = { token, expiresAt: new Date(scopedTokenExpiry(scoped, issuedAt)) };
  if (typeof inner.widgetUrl === "string") widgetToken.widgetUrl = inner.widgetUrl;
  return widgetToken;
}

export async function mintWidgetToken(
  api: AgentEngineApi,
  options: WidgetTokenOptions,
  context: TokenRequestOptions & { now?: () => number } = {},
): Promise<WidgetToken> {
  const body = widgetTokenRequest(options);
  const issuedAt = (context.now ?? Date.now)();
  const { token } = await requestToken(api, API_PATHS.widgetToken, body, "token", context);
  return readWidgetToken(token, issuedAt);
}

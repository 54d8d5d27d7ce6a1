import { API_PATHS, type TemplateTagsMode, type WidgetTokenRequest } from "@org/agent-engine-types";
import type { AgentEngineApi } from "../http.js";
import { optionalOneOf, optionalStringArray, requireObject } from "../validate.js";
import { decodeBase64, parseJson } from "./jwt.js";
import { validateAllowedOrigin } from "./origin.js";
import { scopedTokenExpiry, scopedTokenRequest, type WorkspaceTarget } from "./scoped-token.js";
import { requestToken, type TokenRequestOptions } from "./token-request.js";

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

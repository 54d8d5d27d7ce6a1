import type { ScopedTokenRequest } from "@org/agent-engine-types";
import { expectData, requireToken, summarize, type AgentEngineApi } from "../http.js";
import { optionalUuid, requireNonEmptyString } from "../validate.js";
import { issueToken, jwtExpiry, MINUTE, type IssuedToken } from "./lifetime.js";
import { SCOPED_TOKEN_PATH } from "./paths.js";
import { perCallInit, type CallOptions } from "../transport/overrides.js";
import { RefreshingToken } from "./token-source.js";

/** Documented lifetime of scoped and widget tokens, used when the JWT's `exp` cannot be read. */
export const SCOPED_TOKEN_LIFETIME = 20 * MINUTE;

export interface WorkspaceTarget {
  workspaceName: string;
  /** Region for a workspace created by this call; ignored for existing workspaces. */
  regionId?: string | null;
}

export function scopedTokenRequest(target: WorkspaceTarget): ScopedTokenRequest {
  const body: ScopedTokenRequest = { workspace_name: requireNonEmptyString("workspaceName", target.workspaceName) };
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
  options: { baseUrl?: string; now?: () => number } & CallOptions = {},
): Promise<IssuedToken> {
  const body = scopedTokenRequest(target);
  const issuedAt = (options.now ?? Date.now)();
  const summary = summarize("POST", options.baseUrl ?? "", SCOPED_TOKEN_PATH);
  const data = await expectData(api.POST(SCOPED_TOKEN_PATH, { body, ...perCallInit(options) }), summary);
  const token = requireToken(data.token, summary);
  return issueToken(token, issuedAt, scopedTokenExpiry(token, issuedAt));
}

/** A workspace's scoped token, minted on first need and refreshed before it expires. */
export function createScopedTokenProvider(
  api: AgentEngineApi,
  target: WorkspaceTarget,
  options: { baseUrl?: string; now?: () => number } = {},
): RefreshingToken {
  scopedTokenRequest(target);
  return new RefreshingToken(() => mintScopedToken(api, target, options), options.now);
}

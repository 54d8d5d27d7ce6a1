import { API_PATHS, type ScopedTokenRequest } from "@org/agent-engine-types";
import type { AgentEngineApi } from "../http.js";
import { optionalUuid, requireNonEmptyString, requireObject } from "../validate.js";
import { jwtExpiry } from "./jwt.js";
import { MINUTE, scheduleRefresh, type IssuedToken } from "./lifetime.js";
import type { TokenProvider } from "./token-source.js";
import { provideToken, type SharedTokenStore } from "./token-store.js";
import { requestToken, type TokenRequestOptions } from "./token-request.js";

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
  return scheduleRefresh(token, issuedAt, scopedTokenExpiry(token, issuedAt));
}

/** A workspace's scoped token, minted on first need and refreshed before it expires. */
export function createScopedTokenProvider(
  api: AgentEngineApi,
  target: WorkspaceTarget,
  options: { baseUrl?: string; now?: () => number; tokenStore?: SharedTokenStore } = {},
): TokenProvider {
  scopedTokenRequest(target);
  return provideToken(
    () => mintScopedToken(api, target, options),
    options.now,
    options.tokenStore,
    target.workspaceName,
  );
}

import { API_PATHS, type ScopedTokenInfo } from "@org/agent-engine-types";
import { InvalidResponseError } from "../errors.js";
import { expectData, summarizeRequest, type AgentEngineApi } from "../http.js";
import { perCallInit, type CallOptions } from "../transport/overrides.js";

/** The scoped token's info as the API answers it, plus the workspace's name under one field. */
export type WorkspaceTokenInfo = ScopedTokenInfo & {
  /** The workspace's name, whichever field the API used: `workspace_name`, `customer_name` (0.9.0) or `external_user_id` (older). */
  workspace_name: string;
};

/** GETs the scoped token's info and names the workspace whichever way the API spelt it. */
export async function readTokenInfo(
  api: AgentEngineApi,
  baseUrl: string,
  options: CallOptions = {},
): Promise<WorkspaceTokenInfo> {
  const where = summarizeRequest("GET", baseUrl, API_PATHS.scopedTokenInfo);
  const info = await expectData(api.GET(API_PATHS.scopedTokenInfo, { ...perCallInit(options) }), where);
  const name = [info.workspace_name, info.customer_name, info.external_user_id].find(
    (value) => typeof value === "string" && value !== "",
  );
  if (name === undefined)
    throw new InvalidResponseError(`${where.method} ${where.url} answered without the workspace's name`);
  return { ...info, workspace_name: name };
}

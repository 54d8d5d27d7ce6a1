import type { API_PATHS, paths } from "@org/agent-engine-types";
import { expectData, summarizeRequest, type AgentEngineApi, type FetchResult } from "../http.js";
import { InvalidResponseError } from "../errors.js";
import { perCallInit, type CallOptions } from "../transport/overrides.js";

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
  const answer = await expectData(post(path, { body, ...perCallInit(options) }), summary);
  const token = (answer as Record<string, unknown>)[field];
  // Visible ASCII only: a blank token would be sent as `Bearer `, and a line break would make
  // the platform throw a TypeError that quotes the whole token.
  if (typeof token !== "string" || !/^[\x21-\x7e]+$/.test(token)) {
    throw new InvalidResponseError(`${summary.method} ${summary.url} answered without a usable ${field}`);
  }
  return { token, answer };
}

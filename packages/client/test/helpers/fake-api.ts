// The client's tests use the repository's one fake API (tests/fake-api), with these shortcuts.
import { API_PATHS } from "@org/agent-engine-types";
import type { FakeApi } from "@org/fake-api";
import {
  createAgentEngineClient,
  type AgentEngineClient,
  type AgentEngineClientOptions,
} from "../../src/index.js";

export { createFakeApi, type FakeApi, json, jwt } from "@org/fake-api";

export const SECRET = "s3cr3t-client-secret-value";
export const TOKEN_PATH = API_PATHS.applicationToken;
export const SCOPED_PATH = API_PATHS.scopedToken;
export const WIDGET_PATH = API_PATHS.widgetToken;
export const INFO_PATH = API_PATHS.scopedTokenInfo;
export const SOURCES_PATH = API_PATHS.sourceDefinitions;

/** A client wired to a fake API, with test credentials; `options` override any of them. */
export function clientFor(api: FakeApi, options: AgentEngineClientOptions = {}): AgentEngineClient {
  return createAgentEngineClient({
    clientId: "id",
    clientSecret: SECRET,
    baseUrl: "http://api.test",
    fetch: api.fetch,
    ...options,
  });
}

// Rules of the API that the generic table of operations.contract.test.ts cannot derive from
// one example: the workspace field's deprecated aliases, "one of these fields" bodies and
// parameter bounds. Each row is a plain HTTP request to the Prism mock of the spec.
import { describe, expect, inject, it } from "vitest";
import { send, type SpecRequest } from "./requests-from-spec.js";

const json = { "Content-Type": "application/json", Authorization: "Bearer contract-test-token" };
const post = (url: string, body: unknown): SpecRequest => ({ method: "POST", url, headers: json, body });
const put = (url: string, body: unknown): SpecRequest => ({ method: "PUT", url, headers: json, body });
const get = (url: string): SpecRequest => ({ method: "GET", url, headers: json });

const SCOPED = "/api/v1/account/applications/scoped-token";
const WIDGET = "/api/v1/account/applications/widget-token";
const CONNECTORS = "/api/v1/integrations/connectors";
const OAUTH = "/api/v1/oauth/credentials";
const origin = "https://yourapp.com";

const rules: Array<[string, SpecRequest, number]> = [
  [
    "a current scoped token body may carry the deprecated customer_name next to workspace_name",
    post(SCOPED, { workspace_name: "w", customer_name: "w" }),
    200,
  ],
  [
    "a current scoped token body may carry the deprecated external_user_id next to workspace_name",
    post(SCOPED, { workspace_name: "w", external_user_id: "w" }),
    200,
  ],
  [
    "a current scoped token body needs workspace_name even with an alias",
    post(SCOPED, { customer_name: "w" }),
    422,
  ],
  [
    "a current widget token body may carry the deprecated customer_name",
    post(WIDGET, { workspace_name: "w", allowed_origin: origin, customer_name: "w" }),
    200,
  ],
  [
    "a current widget token refuses an origin with a path",
    post(WIDGET, { workspace_name: "w", allowed_origin: `${origin}/app` }),
    422,
  ],
  [
    "a request body takes a field the spec does not know, as the provider's open bodies do",
    post(`${CONNECTORS}/check`, {
      workspace_name: "w",
      connector_type: "github",
      credentials: {},
      field_added_next_year: true,
    }),
    200,
  ],
  [
    "the deprecated embedded scoped token body is open too",
    post("/api/v1/embedded/scoped-token", { workspace_name: "w", customer_name: "w" }),
    200,
  ],
  [
    "the OAuth credentials body, the one the provider closes, refuses a field it does not have",
    put(OAUTH, { connector_type: "github", configuration: {}, field_added_next_year: true }),
    422,
  ],
  [
    "a connector needs one of connector_type, definition_id or source_template_id",
    post(CONNECTORS, { workspace_name: "w", credentials: { token: "t" } }),
    422,
  ],
  [
    "a connector needs one of credentials, replication_config or server_side_oauth_secret_id",
    post(CONNECTORS, { workspace_name: "w", connector_type: "github" }),
    422,
  ],
  [
    "a connector check follows the same rules",
    post(`${CONNECTORS}/check`, { workspace_name: "w", connector_type: "github" }),
    422,
  ],
  [
    "a connector with a kind and a configuration is accepted",
    post(CONNECTORS, {
      workspace_name: "w",
      definition_id: "ef69ef6e-aa7f-4af1-a01d-ef775033524e",
      replication_config: {},
    }),
    200,
  ],
  [
    "OAuth credentials name exactly one connector, not two",
    put(OAUTH, {
      connector_type: "github",
      connector_definition_id: "ef69ef6e-aa7f-4af1-a01d-ef775033524e",
      configuration: {},
    }),
    422,
  ],
  ["OAuth credentials name a connector", put(OAUTH, { configuration: {} }), 422],
  ["workspaces come at most 100 to a page", get("/api/v1/workspaces?limit=101"), 422],
  ["workspaces come at least 1 to a page", get("/api/v1/workspaces?limit=0"), 422],
  [
    "execute takes params as an object",
    post(`${CONNECTORS}/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b/execute`, {
      entity: "issues",
      action: "list",
      params: "cursor",
    }),
    422,
  ],
  [
    "execute takes params: null, as the provider's Python SDK sends it",
    post(`${CONNECTORS}/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b/execute`, {
      entity: "issues",
      action: "list",
      params: null,
    }),
    200,
  ],
  [
    "execute takes an intent of at most 512 characters",
    post(`${CONNECTORS}/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b/execute`, {
      entity: "issues",
      action: "list",
      intent: "x".repeat(513),
    }),
    422,
  ],
  [
    "execute takes a connector id that is not a UUID",
    post(`${CONNECTORS}/source_id:abc/execute`, { entity: "issues", action: "list" }),
    200,
  ],
  [
    "a provider-hosted connection template needs no destination",
    post("/api/v1/integrations/templates/connections", { data_hosting_type: "airbyte_hosted" }),
    200,
  ],
  [
    "a user-hosted connection template needs its destination",
    post("/api/v1/integrations/templates/connections", { destination_name: "Warehouse" }),
    422,
  ],
];

describe("request rules", () => {
  it.each(rules)("%s", async (_rule, request, status) => {
    const response = await send(inject("prismUrl"), request);
    expect(response.status, response.text).toBe(status);
  });
});

// The requests the provider's Python SDK sends (airbytehq/airbyte-agent-sdk,
// airbyte_agent_sdk/cloud_utils/client.py, `AirbyteCloudClient`), each sent here through the
// client's typed methods to the Prism mock (--errors), which answers 422 to a request the spec
// refuses. Bodies and queries carry the same fields the SDK sends, `"params": null` included.
// Left out: the SDK's `/api/v1/internal/workflows` calls, which no document of the provider
// describes as public.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { type AgentEngineClient, createAgentEngineClient } from "../../src/index.js";

const CONNECTOR = "3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b";
const DEFINITION = "d8313939-3782-41b0-be29-b3ca20d8dd3a";
const TEMPLATE = "0b5f3d0e-6c1a-4a7b-9e2d-1f3c5a7b9d11";

interface Exchange {
  method: string;
  path: string;
  query: string;
  body: unknown;
  status: number;
}

let client: AgentEngineClient;
const exchanges: Exchange[] = [];

beforeAll(() => {
  client = createAgentEngineClient({
    clientId: "sdk-client-id",
    clientSecret: "sdk-client-secret",
    baseUrl: inject("prismUrl"),
    organizationId: "12345678-1234-1234-1234-123456789012",
    retry: false,
    fetch: async (request) => {
      const url = new URL(request.url);
      const text = request.body ? await request.clone().text() : "";
      const response = await fetch(request);
      exchanges.push({
        method: request.method,
        path: url.pathname,
        query: url.search,
        body: text ? JSON.parse(text) : undefined,
        status: response.status,
      });
      return response;
    },
  });
});

/** The exchanges `call` caused, after it resolved (a refused request rejects it first). */
async function sent(call: () => Promise<unknown>): Promise<Exchange[]> {
  const before = exchanges.length;
  await call();
  return exchanges.slice(before).filter((exchange) => !exchange.path.endsWith("/token"));
}

describe("every request of the provider's Python SDK is one the spec accepts", () => {
  it("get_bearer_token: POST /token with client_id and client_secret", async () => {
    await client.connectors.list({ workspace_name: "my-workspace" });
    const token = exchanges.find((exchange) => exchange.path.endsWith("/account/applications/token"));
    expect(token).toMatchObject({
      method: "POST",
      status: 200,
      body: { client_id: "sdk-client-id", client_secret: "sdk-client-secret" },
    });
  });

  it("get_connector_id: GET /connectors?workspace_name&definition_id", async () => {
    const [list] = await sent(() =>
      client.connectors.list({ workspace_name: "my-workspace", definition_id: DEFINITION }),
    );
    expect(list).toMatchObject({ method: "GET", status: 200 });
    expect(new URLSearchParams(list!.query).get("definition_id")).toBe(DEFINITION);
  });

  it("list_workspace_connectors: GET /connectors?workspace_name", async () => {
    const [list] = await sent(() => client.connectors.list({ workspace_name: "my-workspace" }));
    expect(list).toMatchObject({ method: "GET", query: "?workspace_name=my-workspace", status: 200 });
  });

  it("create_source: POST /connectors with every field the SDK may send", async () => {
    const body = {
      name: "My Intercom Source",
      definition_id: DEFINITION,
      workspace_name: "my-workspace",
      credentials: { access_token: "intercom-token" },
      replication_config: { start_date: "2024-01-01T00:00:00Z" },
      server_side_oauth_secret_id: "airbyte_oauth_secret_1",
      source_template_id: TEMPLATE,
    };
    const [create] = await sent(() => client.connectors.create(body));
    expect(create).toMatchObject({ method: "POST", status: 200, body });
  });

  it("initiate_oauth: POST /connectors/oauth/initiate with every field the SDK may send", async () => {
    const body = {
      workspace_name: "my-workspace",
      definition_id: DEFINITION,
      redirect_url: "https://myapp.com/oauth/callback",
      name: "My HubSpot Source",
      replication_config: { start_date: "2024-01-01" },
      source_template_id: TEMPLATE,
      environment: { subdomain: "my-company" },
    };
    const [initiate] = await sent(() => client.connectors.initiateOAuth(body));
    expect(initiate).toMatchObject({ method: "POST", status: 200, body });
  });

  it("execute_connector: POST /execute with params, and with params null", async () => {
    const withParams = { entity: "customers", action: "list", params: { limit: 10 } };
    const withoutParams = { entity: "customers", action: "list", params: null };
    const exchanged = [
      ...(await sent(() => client.connectors.execute(CONNECTOR, withParams))),
      ...(await sent(() => client.connectors.execute(CONNECTOR, withoutParams))),
    ];
    expect(exchanged.map(({ status, body }) => ({ status, body }))).toEqual([
      { status: 200, body: withParams },
      { status: 200, body: withoutParams },
    ]);
  });

  it("delete_connector: DELETE /connectors/{id}, accepted with 202", async () => {
    const [deletion] = await sent(() => client.connectors.delete(CONNECTOR));
    expect(deletion).toMatchObject({
      method: "DELETE",
      path: `/api/v1/integrations/connectors/${CONNECTOR}`,
    });
    expect(deletion!.status).toBe(202);
  });

  it("configure_oauth_app_parameters: PUT /oauth/credentials, and DELETE by connector type", async () => {
    const body = {
      connector_type: "hubspot",
      configuration: { client_id: "my-id", client_secret: "my-secret" },
    };
    const exchanged = [
      ...(await sent(() => client.oauthCredentials.set(body))),
      ...(await sent(() => client.oauthCredentials.delete("hubspot"))),
    ];
    expect(exchanged.map(({ method, path, status }) => `${status} ${method} ${path}`)).toEqual([
      "200 PUT /api/v1/oauth/credentials",
      "204 DELETE /api/v1/oauth/credentials/connector_type/hubspot",
    ]);
    expect(exchanged[0]!.body).toEqual(body);
  });

  it("resolve_workspace_id: GET /workspaces?name_contains", async () => {
    const [list] = await sent(async () => {
      for await (const page of client.workspaces.list({ name_contains: "my-workspace" }).pages()) return page;
    });
    expect(list).toMatchObject({ method: "GET", query: "?name_contains=my-workspace", status: 200 });
  });
});

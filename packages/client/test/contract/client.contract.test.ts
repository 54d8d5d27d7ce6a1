// Every client method against the Prism mock of the spec (--errors): each request the client
// sends must be one the spec accepts, and each answer must parse into the typed result.
import { beforeAll, describe, expect, inject, it } from "vitest";
import {
  AuthenticationError,
  createAgentEngineClient,
  RateLimitError,
  RequestValidationError,
  type AgentEngineClient,
} from "../../src/index.js";

const ORG = "12345678-1234-1234-1234-123456789012";
let client: AgentEngineClient;
let baseUrl: string;

beforeAll(() => {
  baseUrl = inject("prismUrl");
  client = createAgentEngineClient({
    clientId: "contract-id",
    clientSecret: "contract-secret",
    baseUrl,
    organizationId: ORG,
  });
});

describe("client methods against the mock", () => {
  it("lists source definitions, with and without a name filter", async () => {
    expect((await client.listSourceDefinitions()).map((d) => d.name)).toEqual(["GitHub", "Salesforce"]);
    expect(await client.listSourceDefinitions({ name: "github" })).toHaveLength(2);
  });

  it("mints a scoped token with and without a region", async () => {
    const plain = await client.createScopedToken({ workspaceName: "customer_workspace_123" });
    expect(plain.token.split(".")).toHaveLength(3);
    expect(plain.expiresAt).toBeInstanceOf(Date);
    const eu = await client.createScopedToken({
      workspaceName: "w",
      regionId: "b9e48d61-f082-4a14-a8d0-799a907938cb",
    });
    expect(eu.token).toBe(plain.token);
  });

  it("mints a widget token with every filter and decodes its widget URL", async () => {
    const widget = await client.createWidgetToken({
      workspaceName: "customer_workspace_123",
      allowedOrigin: "http://localhost:3000",
      sourceTemplateTags: ["crm"],
      sourceTemplateTagsMode: "all",
      connectionTemplateTags: ["daily"],
      connectionTemplateTagsMode: "any",
    });
    expect(widget.widgetUrl).toMatch(/^https:\/\/app\.airbyte\.ai\/quick-start\/widget\?workspaceId=/);
  });

  it("calls a scoped-token operation through forWorkspace", async () => {
    const { data, response } = await client
      .forWorkspace("customer_workspace_123")
      .GET("/api/v1/account/applications/scoped-token/info");
    expect(response.status).toBe(200);
    expect(data?.customer_name).toBe("customer_workspace_123");
  });

  it("exposes every path through the typed openapi-fetch methods", async () => {
    const { data } = await client.GET("/api/v1/integrations/definitions/sources", {
      params: { query: { name: "sales" } },
    });
    expect(data?.definitions[1]?.name).toBe("Salesforce");
  });

  it("sends X-Organization-Id in the form the spec accepts (a malformed one would be a 422)", async () => {
    const { response } = await client.POST("/api/v1/account/applications/scoped-token", {
      body: { workspace_name: "w" },
    });
    expect(response.status).toBe(200);
  });
});

describe("request bodies are open, as the provider's are", () => {
  it("sends a field the spec does not know as given, and the mock accepts it", async () => {
    const sent: unknown[] = [];
    const recording = createAgentEngineClient({
      clientId: "contract-id",
      clientSecret: "contract-secret",
      baseUrl,
      fetch: async (request) => {
        if (request.url.includes("/execute")) sent.push(await request.clone().json());
        return fetch(request);
      },
    });
    // A variable, not a literal: TypeScript checks excess fields on literals only.
    const body = { entity: "issues", action: "list", params: null, field_added_next_year: { on: true } };
    const answer = await recording.connectors.execute("3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b", body);
    expect(sent).toEqual([body]);
    expect(answer.status).toBe("success");
  });
});

/** The attempt's request with a Prism `Prefer` header, to pick one of the spec's answers. */
function preferring(request: Request, prefer: string): Request {
  request.headers.set("Prefer", prefer);
  return request;
}

describe("typed errors from the mock's declared responses", () => {
  it("turns a 429 into a RateLimitError with its Retry-After", async () => {
    const limited = createAgentEngineClient({
      clientId: "contract-id",
      clientSecret: "contract-secret",
      baseUrl,
      retry: false,
      fetch: (request) => fetch(request.url.endsWith("/token") ? request : preferring(request, "code=429")),
    });
    const failure = await limited.listSourceDefinitions().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RateLimitError);
    expect((failure as RateLimitError).retryAfterMs).toBe(30_000);
  });

  it("turns the spec's 422 into a RequestValidationError with field errors", async () => {
    const invalid = createAgentEngineClient({
      clientId: "contract-id",
      clientSecret: "contract-secret",
      baseUrl,
      fetch: (request) => fetch(request.url.endsWith("/token") ? request : preferring(request, "code=422")),
    });
    const failure = await invalid.createScopedToken({ workspaceName: "w" }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RequestValidationError);
    expect((failure as RequestValidationError).fieldErrors[0]?.code).toBe("value_error");
  });

  it("turns a refused exchange into an AuthenticationError", async () => {
    const refused = createAgentEngineClient({
      clientId: "contract-id",
      clientSecret: "contract-secret",
      baseUrl,
      fetch: (request) => fetch(preferring(request, "code=401")),
    });
    const failure = await refused.listSourceDefinitions().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthenticationError);
    expect((failure as AuthenticationError).message).toContain("Invalid authentication credentials");
  });
});

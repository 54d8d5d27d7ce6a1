// Each request of the API's introduction, sent as plain HTTP to the Prism mock of our spec,
// gets the answer the introduction documents; requests the API refuses are refused.
import { beforeAll, describe, expect, inject, it } from "vitest";

let base: string;
beforeAll(() => {
  base = inject("prismUrl");
});

const json = { "Content-Type": "application/json" };
const bearer = { Authorization: "Bearer test-application-token" };

async function send(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: unknown } = {},
) {
  const response = await fetch(base + path, {
    method,
    headers: init.headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as any) : undefined,
  };
}

describe("the seed's requests", () => {
  it("exchanges client credentials for the documented token response", async () => {
    const res = await send("POST", "/api/v1/account/applications/token", {
      headers: json,
      body: { client_id: "<your_client_id>", client_secret: "<your_client_secret>" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      access_token: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...",
      token_type: "bearer",
      expires_in: 900,
      organization_id: "12345678-1234-1234-1234-123456789012",
    });
  });

  it("mints a scoped token whose JWT carries an exp claim", async () => {
    const res = await send("POST", "/api/v1/embedded/scoped-token", {
      headers: { ...json, ...bearer },
      body: { workspace_name: "customer_workspace_123" },
    });
    expect(res.status).toBe(200);
    const [, payload] = (res.body.token as string).split(".");
    const claims = JSON.parse(Buffer.from(payload!, "base64url").toString("utf8"));
    expect(typeof claims.exp).toBe("number");
  });

  it("mints a widget token that decodes to a scoped token and a widget URL", async () => {
    const res = await send("POST", "/api/v1/embedded/widget-token", {
      headers: { ...json, ...bearer },
      body: { workspace_name: "customer_workspace_123", allowed_origin: "https://yourapp.com" },
    });
    expect(res.status).toBe(200);
    const decoded = JSON.parse(Buffer.from(res.body.token, "base64").toString("utf8"));
    expect(decoded.token.split(".")).toHaveLength(3);
    expect(new URL(decoded.widgetUrl).searchParams.get("allowedOrigin")).toBe("https://yourapp.com");
  });

  it("accepts the widget token's template tag filters", async () => {
    const res = await send("POST", "/api/v1/embedded/widget-token", {
      headers: { ...json, ...bearer },
      body: {
        workspace_name: "customer_workspace_123",
        allowed_origin: "http://localhost:3000",
        region_id: "b9e48d61-f082-4a14-a8d0-799a907938cb",
        selected_source_template_tags: ["crm"],
        selected_source_template_tags_mode: "all",
        selected_connection_template_tags: ["daily"],
        selected_connection_template_tags_mode: "any",
      },
    });
    expect(res.status).toBe(200);
  });

  it("lists the two source definitions of the introduction", async () => {
    const res = await send("GET", "/api/v1/integrations/definitions/sources", { headers: bearer });
    expect(res.status).toBe(200);
    expect(res.body.definitions.map((d: { name: string }) => d.name)).toEqual(["GitHub", "Salesforce"]);
    expect(res.body.definitions[0].sourceDefinitionId).toBe("acd81c8-0aeb-4e29-955d-a4a25d550401");
  });

  it("filters source definitions by name", async () => {
    const res = await send("GET", "/api/v1/integrations/definitions/sources?name=github", {
      headers: bearer,
    });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.definitions)).toBe(true);
  });

  it("describes a scoped token's workspace", async () => {
    const res = await send("GET", "/api/v1/embedded/scoped-token/info", {
      headers: { Authorization: "Bearer test-scoped-token" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ customer_name: "customer_workspace_123" });
  });

  it("accepts X-Organization-Id on the token exchange", async () => {
    const res = await send("POST", "/api/v1/account/applications/token", {
      headers: { ...json, "X-Organization-Id": "12345678-1234-1234-1234-123456789012" },
      body: { client_id: "id", client_secret: "secret" },
    });
    expect(res.status).toBe(200);
  });

  it("takes fields a body does not name, as the provider's open bodies do (the client sends no grant_type)", async () => {
    const exchange = await send("POST", "/api/v1/account/applications/token", {
      headers: json,
      body: { client_id: "id", client_secret: "secret", grant_type: "client_credentials" },
    });
    const scoped = await send("POST", "/api/v1/embedded/scoped-token", {
      headers: { ...json, ...bearer },
      body: { workspace_name: "w", customer_name: "w" },
    });
    expect([exchange.status, scoped.status]).toEqual([200, 200]);
  });
});

describe("requests the API refuses", () => {
  const refused: Array<
    [string, string, string, { headers?: Record<string, string>; body?: unknown }, number]
  > = [
    [
      "a token exchange without client_secret",
      "POST",
      "/api/v1/account/applications/token",
      { headers: json, body: { client_id: "id" } },
      422,
    ],
    [
      "a token exchange with an empty client_id",
      "POST",
      "/api/v1/account/applications/token",
      { headers: json, body: { client_id: "", client_secret: "secret" } },
      422,
    ],
    [
      "a scoped token without workspace_name",
      "POST",
      "/api/v1/embedded/scoped-token",
      { headers: { ...json, ...bearer }, body: {} },
      422,
    ],
    [
      "a scoped token with a region that is not a UUID",
      "POST",
      "/api/v1/embedded/scoped-token",
      { headers: { ...json, ...bearer }, body: { workspace_name: "w", region_id: "eu" } },
      422,
    ],
    [
      "a widget token without allowed_origin",
      "POST",
      "/api/v1/embedded/widget-token",
      { headers: { ...json, ...bearer }, body: { workspace_name: "w" } },
      422,
    ],
    [
      "a widget token whose origin has a trailing slash",
      "POST",
      "/api/v1/embedded/widget-token",
      {
        headers: { ...json, ...bearer },
        body: { workspace_name: "w", allowed_origin: "https://yourapp.com/" },
      },
      422,
    ],
    [
      "a widget token with an unknown tag mode",
      "POST",
      "/api/v1/embedded/widget-token",
      {
        headers: { ...json, ...bearer },
        body: {
          workspace_name: "w",
          allowed_origin: "https://a.com",
          selected_source_template_tags_mode: "some",
        },
      },
      422,
    ],
    [
      "a scoped token without a bearer token",
      "POST",
      "/api/v1/embedded/scoped-token",
      { headers: json, body: { workspace_name: "w" } },
      401,
    ],
    [
      "a widget token without a bearer token",
      "POST",
      "/api/v1/embedded/widget-token",
      { headers: json, body: { workspace_name: "w", allowed_origin: "https://a.com" } },
      401,
    ],
    [
      "a definitions listing without a bearer token",
      "GET",
      "/api/v1/integrations/definitions/sources",
      {},
      401,
    ],
    ["token info without a bearer token", "GET", "/api/v1/embedded/scoped-token/info", {}, 401],
    [
      "an X-Organization-Id that is not a UUID",
      "GET",
      "/api/v1/integrations/definitions/sources",
      { headers: { ...bearer, "X-Organization-Id": "acme" } },
      422,
    ],
  ];

  it.each(refused)("refuses %s", async (_name, method, path, init, status) => {
    const res = await send(method, path, init);
    expect(res.status).toBe(status);
    expect(res.body === undefined || typeof res.body === "object").toBe(true);
  });
});

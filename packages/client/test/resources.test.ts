// The resource methods over an in-memory API: what each sends, what it answers, and the
// arguments it refuses before any request.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, InvalidResponseError, NotFoundError } from "../src/index.js";
import { clientFor, createFakeApi, INFO_PATH, json, TOKEN_PATH } from "./helpers/fake-api.js";

const CONNECTOR = { id: "c-1", name: "GitHub", workspace_id: "w-1" };

describe("resource methods", () => {
  it("sends the path parameter, body and method the table names, with the application token", async () => {
    const api = createFakeApi();
    api.on("/api/v1/integrations/connectors/c-1", (request) =>
      json({ ...CONNECTOR, seen: request.method, body: request.body ?? null }),
    );
    const client = clientFor(api);
    await expect(client.connectors.get("c-1")).resolves.toMatchObject({ id: "c-1", seen: "GET" });
    await expect(client.connectors.update("c-1", { name: "renamed" })).resolves.toMatchObject({
      seen: "PUT",
      body: { name: "renamed" },
    });
    const sent = api.sent.filter((r) => r.path !== TOKEN_PATH);
    expect(sent.map((r) => r.headers.get("authorization"))).toEqual([
      "Bearer app-token-1",
      "Bearer app-token-1",
    ]);
  });

  it("sends the query of a list as the API names it", async () => {
    const api = createFakeApi();
    const queries: string[] = [];
    const client = clientFor(api, {
      fetch: async (request) => {
        if (new URL(request.url).pathname === "/api/v1/integrations/connectors")
          queries.push(new URL(request.url).search);
        return api.fetch(request);
      },
    });
    api.on("/api/v1/integrations/connectors", () => json({ connectors: [] }));
    await client.connectors.list({ workspace_name: "acme corp", definition_id: "d-1" });
    await client.connectors.list();
    expect(queries).toEqual(["?workspace_name=acme%20corp&definition_id=d-1", ""]);
  });

  it("encodes the path parameter and refuses one that would leave its path", async () => {
    const api = createFakeApi();
    const paths: string[] = [];
    const client = clientFor(api, {
      fetch: async (request) => {
        const { pathname } = new URL(request.url);
        if (pathname === TOKEN_PATH) return api.fetch(request);
        paths.push(pathname);
        return json(CONNECTOR);
      },
    });
    await client.connectors.get("a/b?c");
    expect(paths.at(-1)).toBe("/api/v1/integrations/connectors/a%2Fb%3Fc");
    const sentBefore = paths.length;
    for (const bad of ["..", ".", "", "  ", 42, undefined]) {
      const error = await client.connectors.get(bad as string).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as InvalidArgumentError).argument).toBe("id");
    }
    expect(paths).toHaveLength(sentBefore);
  });

  it("refuses a missing body, a body that is not an object, and extra arguments before any request", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const call = client.connectors.create as (...args: unknown[]) => Promise<unknown>;
    await expect(call()).rejects.toThrow(/Invalid body \(undefined\): it must be an object/);
    await expect(call("name")).rejects.toThrow(/Invalid body \("name"\): it must be an object/);
    const stats = client.workspaces.stats as (...args: unknown[]) => Promise<unknown>;
    await expect(stats({ name: "x" }, {})).rejects.toThrow(/getWorkspaceStats takes at most 1 \(options\)/);
    await expect(stats("options")).rejects.toThrow(/Invalid init \("options"\)/);
    expect(api.sent).toHaveLength(0);
  });

  it("answers nothing for a 204 and throws the typed error of a refusal", async () => {
    const api = createFakeApi();
    api.on("/api/v1/oauth/credentials/connector_type/github", () => new Response(null, { status: 204 }));
    const client = clientFor(api);
    await expect(client.oauthCredentials.delete("github")).resolves.toBeUndefined();
    const error = await client.workspaces.get("missing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect((error as NotFoundError).message).toBe(
      "GET http://api.test/api/v1/workspaces/missing failed with 404: Not Found",
    );
  });

  it("throws InvalidResponseError for a 200 that is not a JSON object", async () => {
    const api = createFakeApi();
    api.on("/api/v1/workspaces/stats", () => json([1, 2]));
    await expect(clientFor(api).workspaces.stats()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("hands a download over as the Response, its bytes unread", async () => {
    const api = createFakeApi();
    const bytes = new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    api.on("/api/v1/integrations/connectors/c-1/execute", (request) =>
      request.headers.get("accept") === "application/octet-stream, application/json;q=0.5"
        ? new Response(bytes, {
            headers: {
              "Content-Type": "application/octet-stream",
              "Content-Disposition": 'attachment; filename="a.pdf"',
            },
          })
        : json({ detail: "asked for JSON" }, { status: 406 }),
    );
    const response = await clientFor(api).connectors.download("c-1", {
      entity: "attachments",
      action: "download",
      params: { id: "1" },
    });
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="a.pdf"');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });
});

describe("forWorkspace resources", () => {
  it("keeps the openapi-fetch methods and adds only the resources a scoped token may call", async () => {
    const api = createFakeApi();
    api.on("/api/v1/workspaces/stats", () => json({ active_count: 1, inactive_count: 0, total_count: 1 }));
    const workspace = clientFor(api).forWorkspace("acme");
    expect(typeof workspace.GET).toBe("function");
    expect(Object.keys(workspace.connectors).sort()).toEqual([
      "check",
      "download",
      "execute",
      "executePages",
      "initiateOAuth",
      "inspect",
    ]);
    expect(Object.keys(workspace.skills).sort()).toEqual(["docs", "list", "search"]);
    expect("definitions" in workspace || "templates" in workspace).toBe(false);
    await expect(workspace.workspaces.stats()).resolves.toEqual({
      active_count: 1,
      inactive_count: 0,
      total_count: 1,
    });
    const stats = api.sent.find((r) => r.path === "/api/v1/workspaces/stats")!;
    expect(stats.headers.get("authorization")).toMatch(/^Bearer ey/);
  });

  it.each([
    ["customer_name", { customer_name: "acme" }],
    ["external_user_id", { external_user_id: "acme" }],
    ["workspace_name", { workspace_name: "acme", customer_name: "older" }],
  ])("tokenInfo names the workspace from %s", async (_, naming) => {
    const api = createFakeApi();
    const ids = {
      organization_id: "12345678-1234-1234-1234-123456789012",
      workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
    };
    api.on(INFO_PATH, () => json({ ...ids, ...naming }));
    const info = await clientFor(api).forWorkspace("acme").tokenInfo();
    expect(info).toEqual({ ...ids, ...naming, workspace_name: "acme" });
  });

  it("tokenInfo refuses an answer without any name for the workspace", async () => {
    const api = createFakeApi();
    api.on(INFO_PATH, () => json({ organization_id: "o", workspace_id: "w" }));
    await expect(clientFor(api).forWorkspace("acme").tokenInfo()).rejects.toThrow(
      "GET http://api.test/api/v1/account/applications/scoped-token/info answered without the workspace's name",
    );
  });
});

// Values the client refuses before any request, and answers it refuses with a typed error,
// with messages that never quote a credential or a token.
import { describe, expect, it } from "vitest";
import { createAgentEngineClient, InvalidArgumentError, InvalidResponseError } from "../src/index.js";
import {
  clientFor,
  createFakeApi,
  json,
  SCOPED_PATH,
  SECRET,
  SOURCES_PATH,
  TOKEN_PATH,
} from "./helpers/fake-api.js";

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

describe("baseUrl", () => {
  it.each([
    ["http://:pw-9x7@api.test", "pw-9x7"],
    ["https://user:pw-9x7@api.test", "pw-9x7"],
    ["https://user@api.test", "user"],
    ["user:pw-9x7@api.test", "pw-9x7"],
  ])("refuses %s without quoting its credentials", (baseUrl, credential) => {
    const error = thrown(() => createAgentEngineClient({ clientId: "id", clientSecret: SECRET, baseUrl }));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message).toMatch(/^Invalid baseUrl .*without credentials, query or fragment/);
    expect((error as Error).message).not.toContain(credential);
  });

  it.each(["http://api.test/?", "http://api.test/#", "http://api.test?x=1", "http://api.test/#top"])(
    "refuses %s, whose empty or not query or fragment would send requests to a wrong path",
    (baseUrl) => {
      expect(() => createAgentEngineClient({ clientId: "id", clientSecret: SECRET, baseUrl })).toThrow(
        InvalidArgumentError,
      );
    },
  );
});

describe("options and arguments from plain JavaScript", () => {
  it.each([
    [{ timeout: 5 }, "timeout"],
    [{ retries: 0 }, "retries"],
    [{ client_secret: "the-secret-itself" }, "client_secret"],
  ])("refuses the unknown option in %j, naming it but not its value", (extra, name) => {
    const error = thrown(() =>
      createAgentEngineClient({ clientId: "id", clientSecret: SECRET, ...(extra as object) }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(name);
    expect((error as Error).message).toContain("it is not an option");
    expect((error as Error).message).not.toContain("the-secret-itself");
  });

  it("refuses missing or non-object arguments with InvalidArgumentError before any request", async () => {
    const api = createFakeApi();
    const client = clientFor(api) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
    await expect(client.createScopedToken!()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.createScopedToken!(null)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.createWidgetToken!()).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.listSourceDefinitions!(null)).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.listSourceDefinitions!({}, null)).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(() => createAgentEngineClient(null as never)).toThrow(InvalidArgumentError);
    expect(api.sent).toEqual([]);
  });

  it("checks forWorkspace's regionId on every call, not only when the workspace is new", () => {
    const client = clientFor(createFakeApi());
    client.forWorkspace("acme");
    expect(() => client.forWorkspace("acme", { regionId: "not-a-uuid" })).toThrow(/Invalid regionId/);
  });
});

describe("answers that break the spec", () => {
  it.each([
    [
      "the token exchange",
      TOKEN_PATH,
      (client: ReturnType<typeof clientFor>) => client.listSourceDefinitions(),
    ],
    [
      "a scoped mint",
      SCOPED_PATH,
      (client: ReturnType<typeof clientFor>) => client.createScopedToken({ workspaceName: "w" }),
    ],
    [
      "the definitions list",
      SOURCES_PATH,
      (client: ReturnType<typeof clientFor>) => client.listSourceDefinitions(),
    ],
  ])("refuses a JSON null from %s with InvalidResponseError", async (_, path, call) => {
    const api = createFakeApi();
    api.on(path, () => json(null));
    await expect(call(clientFor(api))).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it.each([
    ["blank", ""],
    ["whitespace", "   "],
    ["a line break", "eyJhbGciOi.secret-part\r\nX-Evil: 1"],
    ["a space inside", "token with-space"],
  ])("refuses an access_token that is %s, without quoting it", async (_, token) => {
    const api = createFakeApi();
    api.on(TOKEN_PATH, () => json({ access_token: token, token_type: "bearer", expires_in: 900 }));
    const error = await clientFor(api)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toContain("without a usable access_token");
    if (token.trim()) expect((error as Error).message).not.toContain("secret-part");
    // Nothing was sent with a broken Authorization header.
    expect(api.count(SOURCES_PATH)).toBe(0);
  });

  it("refuses a scoped token that cannot be sent in a header", async () => {
    const api = createFakeApi();
    api.on(SCOPED_PATH, () => json({ token: "abc\ndef" }));
    await expect(clientFor(api).createScopedToken({ workspaceName: "w" })).rejects.toBeInstanceOf(
      InvalidResponseError,
    );
  });
});

describe("tokens that expire before they could be used", () => {
  it("sends a token with an expires_in of 0.001 s instead of failing every call", async () => {
    const api = createFakeApi({ expiresIn: 0.001, enforceLifetimes: false });
    const client = clientFor(api);
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
  });
});

describe("a lone UTF-16 surrogate, which no URL can carry", () => {
  const lone = "acme\uD800";
  const neverCalled = async (): Promise<Response> => {
    throw new Error("no request may be sent");
  };
  const client = createAgentEngineClient({ clientId: "id", clientSecret: SECRET, fetch: neverCalled });
  it.each([
    ["an id", "workspace_id", () => client.workspaces.get(lone)],
    ["a query value", "params.query.name", () => client.listSourceDefinitions({ name: lone })],
    [
      "a resource's query",
      "params.query.name_contains",
      () => client.workspaces.list({ name_contains: lone }).pages()[Symbol.asyncIterator]().next(),
    ],
    [
      "an openapi-fetch path parameter",
      "params.path.workspace_id",
      () => client.GET("/api/v1/workspaces/{workspace_id}", { params: { path: { workspace_id: lone } } }),
    ],
    [
      "an openapi-fetch query array",
      "params.query.name[1]",
      () =>
        client.GET("/api/v1/integrations/definitions/sources", {
          params: { query: { name: ["ok", lone] as never } },
        }),
    ],
  ])("in %s is an InvalidArgumentError naming it, before any request", async (_name, argument, call) => {
    const error = await Promise.resolve()
      .then(call as () => unknown)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe(argument);
    expect((error as Error).message).toContain("without a lone UTF-16 surrogate");
    expect((error as Error).message).toContain("\\ud800");
  });
});

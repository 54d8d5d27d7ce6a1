import { afterEach, describe, expect, it, vi } from "vitest";
import {
  createAgentEngineClient,
  createTransport,
  DEFAULT_BASE_URL,
  InvalidArgumentError,
  type TokenProvider,
} from "../src/index.js";
import { createFakeApi, SECRET } from "./helpers/fake-api.js";

describe("client options", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.unstubAllGlobals();
  });

  it("reads credentials and organization from AIRBYTE_* when not passed", async () => {
    vi.stubEnv("AIRBYTE_CLIENT_ID", "env-id");
    vi.stubEnv("AIRBYTE_CLIENT_SECRET", "env-secret");
    vi.stubEnv("AIRBYTE_ORGANIZATION_ID", "12345678-1234-1234-1234-123456789012");
    const api = createFakeApi();
    await createAgentEngineClient({ fetch: api.fetch }).listSourceDefinitions();
    expect(api.sent[0]?.body).toEqual({ client_id: "env-id", client_secret: "env-secret" });
    expect(api.sent[0]?.headers.get("x-organization-id")).toBe("12345678-1234-1234-1234-123456789012");
  });

  it("reads the base URL from AIRBYTE_BASE_URL when not passed, and checks it", async () => {
    const api = createFakeApi();
    const urls: string[] = [];
    const options = {
      clientId: "id",
      clientSecret: SECRET,
      fetch: (request: Request, init?: RequestInit) => {
        urls.push(request.url);
        return api.fetch(request, init);
      },
    };
    vi.stubEnv("AIRBYTE_BASE_URL", "http://env.test");
    await createAgentEngineClient(options).listSourceDefinitions();
    expect(urls[0]).toBe("http://env.test/api/v1/account/applications/token");
    await createAgentEngineClient({ ...options, baseUrl: "http://option.test" }).listSourceDefinitions();
    expect(urls.at(-1)).toBe("http://option.test/api/v1/integrations/definitions/sources");
    vi.stubEnv("AIRBYTE_BASE_URL", "ftp://env.test");
    expect(() => createAgentEngineClient(options)).toThrow(/baseUrl/);
  });

  it("prefers options over the environment", async () => {
    vi.stubEnv("AIRBYTE_CLIENT_ID", "env-id");
    vi.stubEnv("AIRBYTE_CLIENT_SECRET", "env-secret");
    const api = createFakeApi();
    await createAgentEngineClient({
      clientId: "opt-id",
      clientSecret: "opt-secret",
      fetch: api.fetch,
    }).listSourceDefinitions();
    expect(api.sent[0]?.body).toEqual({ client_id: "opt-id", client_secret: "opt-secret" });
  });

  it("defaults to the production base URL", async () => {
    const api = createFakeApi();
    const urls: string[] = [];
    const recording = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      fetch: (request, init) => {
        urls.push(request.url);
        return api.fetch(request, init);
      },
    });
    await recording.listSourceDefinitions();
    expect(urls[0]).toBe(`${DEFAULT_BASE_URL}/api/v1/account/applications/token`);
  });

  it.each([
    [{ clientSecret: SECRET }, /clientId \(missing\): pass clientId or set AIRBYTE_CLIENT_ID/],
    [{ clientId: "id" }, /clientSecret \(missing\): pass clientSecret or set AIRBYTE_CLIENT_SECRET/],
    [{ clientId: "", clientSecret: SECRET }, /clientId \(""\): it must be a non-empty string/],
    [{ clientId: "id", clientSecret: SECRET, baseUrl: "api.airbyte.ai" }, /baseUrl \("api.airbyte.ai"\)/],
    [{ clientId: "id", clientSecret: SECRET, baseUrl: "https://api.test/?x=1" }, /baseUrl/],
    [
      { clientId: "id", clientSecret: SECRET, organizationId: "acme" },
      /organizationId \("acme"\): it must be a UUID/,
    ],
    [{ clientId: "id", clientSecret: SECRET, maxCachedWorkspaces: 0 }, /maxCachedWorkspaces \(number 0\)/],
  ])("refuses %j before any request", (options, message) => {
    const api = createFakeApi();
    expect(() => createAgentEngineClient({ ...options, fetch: api.fetch })).toThrow(message);
    expect(() => createAgentEngineClient({ ...options, fetch: api.fetch })).toThrow(InvalidArgumentError);
    expect(api.sent).toHaveLength(0);
  });

  it("refuses to hold a client secret in a browser unless told the environment is trusted", async () => {
    vi.stubGlobal("window", { document: {} });
    const api = createFakeApi();
    expect(() => createAgentEngineClient({ clientId: "id", clientSecret: SECRET, fetch: api.fetch })).toThrow(
      /browser.*dangerouslyAllowBrowser/,
    );
    const trusted = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      fetch: api.fetch,
      dangerouslyAllowBrowser: true,
    });
    await expect(trusted.listSourceDefinitions()).resolves.toHaveLength(1);
  });

  it("refuses a fetch that is not a function, and a runtime without one, before any request", () => {
    const credentials = { clientId: "id", clientSecret: SECRET };
    expect(() => createAgentEngineClient({ ...credentials, fetch: 42 as never })).toThrow(
      new InvalidArgumentError("fetch", "it must be a function", "number 42"),
    );
    vi.stubGlobal("fetch", undefined);
    expect(() => createAgentEngineClient(credentials)).toThrow(
      /Invalid fetch \(missing\): this runtime has no global fetch/,
    );
  });

  it("createTransport refuses a fetch or token provider it could not call", () => {
    expect(() => createTransport({ fetch: "fetch" as never })).toThrow(
      /^Invalid fetch \("fetch"\): it must be a function$/,
    );
    expect(() =>
      createTransport({ tokens: { getToken: async () => "t" } as unknown as TokenProvider }),
    ).toThrow(/^Invalid tokens \(an object\): it needs getToken and rejectToken \(and callsInFlight/);
    const counted = { getToken: () => "t", rejectToken() {}, callsInFlight: 1 };
    expect(() => createTransport({ tokens: counted as unknown as TokenProvider })).toThrow(/callsInFlight/);
    expect(() => createTransport({ tokens: null as never })).toThrow(InvalidArgumentError);
  });

  it("strips a trailing slash from the base URL", async () => {
    const urls: string[] = [];
    const api = createFakeApi();
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      baseUrl: "http://api.test/",
      fetch: (request, init) => {
        urls.push(request.url);
        return api.fetch(request, init);
      },
    });
    await client.listSourceDefinitions();
    expect(urls).toEqual([
      "http://api.test/api/v1/account/applications/token",
      "http://api.test/api/v1/integrations/definitions/sources",
    ]);
  });
});

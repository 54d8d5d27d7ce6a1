import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AgentEngineError, createAgentEngineClient, InvalidArgumentError } from "../src/index.js";
import {
  clientFor,
  createFakeApi,
  INFO_PATH,
  json,
  SECRET,
  SOURCES_PATH,
  TOKEN_PATH,
} from "./helpers/fake-api.js";

function everyRendering(value: unknown): string {
  const error = value instanceof Error ? `${value.message}\n${value.stack}\n${String(value)}` : "";
  return [
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    JSON.stringify(value) ?? "",
    error,
  ].join("\n");
}

function expectClean(value: unknown, secrets: string[]) {
  const text = everyRendering(value);
  for (const secret of secrets) expect(text).not.toContain(secret);
}

describe("secrets and tokens stay out of sight", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("in the client and its workspace clients after tokens were taken", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await client.listSourceDefinitions();
    const acme = client.forWorkspace("acme");
    await acme.GET(INFO_PATH);
    expect(api.issued).toHaveLength(2);
    expectClean(client, [SECRET, ...api.issued]);
    expectClean(acme, [SECRET, ...api.issued]);
  });

  it("in errors from a refused exchange and from a refused token", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await client.listSourceDefinitions();
    api.on(SOURCES_PATH, () => json({ detail: "Invalid authentication credentials" }, { status: 401 }));
    const refusedToken = await client.listSourceDefinitions().catch((e: unknown) => e);
    expect(refusedToken).toBeInstanceOf(AgentEngineError);
    expectClean(refusedToken, [SECRET, ...api.issued]);

    api.on(TOKEN_PATH, () => json({ message: "bad credentials", errors: [] }, { status: 401 }));
    const fresh = clientFor(api);
    const refusedExchange = await fresh.listSourceDefinitions().catch((e: unknown) => e);
    expect(refusedExchange).toBeInstanceOf(AgentEngineError);
    expectClean(refusedExchange, [SECRET]);
  });

  it("in errors about a bad secret, which say what is wrong without showing it", () => {
    for (const clientSecret of [" \t ", 12345, { value: "hunter2-secret" }]) {
      let error: unknown;
      try {
        createAgentEngineClient({
          clientId: "id",
          clientSecret: clientSecret as string,
          fetch: createFakeApi().fetch,
        });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(/clientSecret/);
      expectClean(error, ["hunter2-secret", "12345"]);
    }
  });

  it("in the console: the client logs nothing", async () => {
    const spies = (["log", "info", "warn", "error", "debug"] as const).map((level) =>
      vi.spyOn(console, level),
    );
    const api = createFakeApi();
    const client = clientFor(api);
    await client.listSourceDefinitions();
    await client.createWidgetToken({ workspaceName: "w", allowedOrigin: "https://a.test" });
    await client.listSourceDefinitions({ name: "x" });
    for (const spy of spies) expect(spy).not.toHaveBeenCalled();
  });
});

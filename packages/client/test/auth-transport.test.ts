import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import type { paths } from "@org/agent-engine-types";
import { AuthenticationError, createApplicationTokenProvider, createTransport } from "../src/index.js";
import {
  clientFor,
  createFakeApi,
  json,
  SCOPED_PATH,
  SECRET,
  SOURCES_PATH,
  TOKEN_PATH,
} from "./helpers/fake-api.js";

describe("401 recovery", () => {
  it("drops a revoked token, takes a fresh one and replays the request once, body included", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await client.listSourceDefinitions();
    api.revoked.add(api.issued[0]!);
    const { data, response } = await client.POST(SCOPED_PATH, { body: { workspace_name: "acme" } });
    expect(response.status).toBe(200);
    expect(data?.token).toBeTruthy();
    const scopedCalls = api.sent.filter((r) => r.path === SCOPED_PATH);
    expect(scopedCalls).toHaveLength(2);
    expect(scopedCalls.map((r) => r.body)).toEqual([{ workspace_name: "acme" }, { workspace_name: "acme" }]);
    expect(scopedCalls[1]!.headers.get("authorization")).toBe(`Bearer ${api.issued[1]}`);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("surfaces a second 401 instead of looping", async () => {
    const api = createFakeApi();
    api.on(SOURCES_PATH, () => json({ detail: "Invalid authentication credentials" }, { status: 401 }));
    const client = clientFor(api);
    const { error, response } = await client.GET(SOURCES_PATH);
    expect(response.status).toBe(401);
    expect(error).toEqual({ detail: "Invalid authentication credentials" });
    expect(api.count(SOURCES_PATH)).toBe(2);
    await expect(client.listSourceDefinitions()).rejects.toBeInstanceOf(AuthenticationError);
    expect(api.count(SOURCES_PATH)).toBe(4);
  });

  it("shares one new exchange among concurrent calls that all got a 401", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await client.listSourceDefinitions();
    api.revoked.add(api.issued[0]!);
    const results = await Promise.all(Array.from({ length: 25 }, () => client.GET(SOURCES_PATH)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("leaves the unauthenticated token exchange alone when called through the client", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const { data } = await client.POST(TOKEN_PATH, { body: { client_id: "a", client_secret: "b" } });
    expect(data?.access_token).toBeTruthy();
    expect(api.sent).toHaveLength(1);
    expect(api.sent[0]!.headers.has("authorization")).toBe(false);
  });

  it("composes with a user's own openapi-fetch client through createTransport", async () => {
    const api = createFakeApi();
    const exchange = createClient<paths>({ baseUrl: "http://api.test", fetch: api.fetch });
    const tokens = createApplicationTokenProvider(exchange, { clientId: "id", clientSecret: SECRET });
    const mine = createClient<paths>({
      baseUrl: "http://api.test",
      fetch: createTransport({ fetch: api.fetch, tokens }),
    });
    const { data } = await mine.GET(SOURCES_PATH, { params: { query: { name: "git" } } });
    expect(data?.definitions).toHaveLength(1);
    expect(api.sent.map((r) => r.path)).toEqual([TOKEN_PATH, SOURCES_PATH]);
    expect(api.sent[1]!.headers.get("authorization")).toBe(`Bearer ${api.issued[0]}`);
  });

  it("adds the token after the user's middleware, which never sees it", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const seen: (string | null)[] = [];
    client.use({
      onRequest({ request }) {
        seen.push(request.headers.get("authorization"));
      },
    });
    const { response } = await client.GET(SOURCES_PATH);
    expect(response.status).toBe(200);
    expect(seen).toEqual([null]);
    expect(api.sent.at(-1)!.headers.get("authorization")).toBe(`Bearer ${api.issued[0]}`);
  });

  it("replays a 401 that follows a retry once, with a fresh token", async () => {
    const api = createFakeApi();
    let answered = 0;
    api.on(SOURCES_PATH, (request) => {
      answered++;
      if (answered === 1) {
        api.revoked.add(api.issued[0]!);
        return json({ message: "busy" }, { status: 503, headers: { "retry-after": "0" } });
      }
      return api.revoked.has(request.headers.get("authorization")!.slice(7))
        ? json({ detail: "revoked" }, { status: 401 })
        : json({ definitions: [] });
    });
    const client = clientFor(api);
    const { response } = await client.GET(SOURCES_PATH);
    expect(response.status).toBe(200);
    // 503 (retried), 401 with the revoked token (replayed once), 200 with a fresh one.
    expect(api.count(SOURCES_PATH)).toBe(3);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("does not count a 401 replay as a retry: one retry is still left after it", async () => {
    const api = createFakeApi();
    let answered = 0;
    api.on(SOURCES_PATH, (request) => {
      answered++;
      if (answered === 1) {
        api.revoked.add(request.headers.get("authorization")!.slice(7));
        return json({ detail: "revoked" }, { status: 401 });
      }
      if (answered === 2) return json({ message: "busy" }, { status: 503, headers: { "retry-after": "0" } });
      return json({ definitions: [] });
    });
    const client = clientFor(api, { retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    const { response } = await client.GET(SOURCES_PATH);
    // 401 (replayed with a fresh token), 503 (the one retry), 200.
    expect(response.status).toBe(200);
    expect(api.count(SOURCES_PATH)).toBe(3);
  });
});

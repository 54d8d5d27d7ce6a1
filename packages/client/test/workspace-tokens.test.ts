import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { InvalidArgumentError } from "../src/index.js";
import {
  clientFor,
  createFakeApi,
  INFO_PATH,
  json,
  jwt,
  SCOPED_PATH,
  TOKEN_PATH,
} from "./helpers/fake-api.js";

describe("scoped tokens", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("takes expiresAt from the JWT's exp claim", async () => {
    const api = createFakeApi();
    const scoped = await clientFor(api).createScopedToken({ workspaceName: "acme" });
    expect(scoped.expiresAt.getTime()).toBe(Date.now() + 1_200_000);
    expect(api.sent.find((r) => r.path === SCOPED_PATH)?.body).toEqual({ workspace_name: "acme" });
  });

  it("falls back to 20 minutes when the token is not a JWT", async () => {
    const api = createFakeApi();
    api.on(SCOPED_PATH, () => json({ token: "opaque-token" }));
    const scoped = await clientFor(api).createScopedToken({
      workspaceName: "acme",
      regionId: "b9e48d61-f082-4a14-a8d0-799a907938cb",
    });
    expect(scoped).toEqual({ token: "opaque-token", expiresAt: new Date(Date.now() + 20 * 60_000) });
    expect(api.sent.at(-1)?.body).toEqual({
      workspace_name: "acme",
      region_id: "b9e48d61-f082-4a14-a8d0-799a907938cb",
    });
  });

  it("leaves no timer behind, however many workspaces it has served", async () => {
    const api = createFakeApi();
    const client = clientFor(api, { maxCachedWorkspaces: 5 });
    for (let i = 0; i < 40; i++) {
      const { response } = await client.forWorkspace(`ws-${i}`).GET(INFO_PATH);
      expect(response.status).toBe(200);
    }
    // Bodies read in full leave only unref'd timers (which cannot hold the process), and
    // those too are gone once their time is up.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("mints one scoped token for 50 concurrent calls on a new workspace", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => client.forWorkspace("acme").GET(INFO_PATH)),
    );
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.count(SCOPED_PATH)).toBe(1);
    expect(api.count(TOKEN_PATH)).toBe(1);
    const infoCalls = api.sent.filter((r) => r.path === INFO_PATH);
    expect(new Set(infoCalls.map((r) => r.headers.get("authorization")))).toEqual(
      new Set([`Bearer ${api.issued[1]}`]),
    );
  });

  it("keeps one token per workspace and refreshes it before it expires", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await client.forWorkspace("a").GET(INFO_PATH);
    await client.forWorkspace("b").GET(INFO_PATH);
    await client.forWorkspace("a").GET(INFO_PATH);
    expect(api.count(SCOPED_PATH)).toBe(2);
    vi.advanceTimersByTime(19 * 60_000 + 56_000); // past useUntil of a 20-minute token
    await client.forWorkspace("a").GET(INFO_PATH);
    expect(api.count(SCOPED_PATH)).toBe(3);
  });

  it("bounds the workspace cache, dropping the least recently used", async () => {
    const api = createFakeApi();
    const client = clientFor(api, { maxCachedWorkspaces: 2 });
    const a = client.forWorkspace("a");
    expect(client.forWorkspace("a")).toBe(a);
    const firstB = client.forWorkspace("b");
    client.forWorkspace("a"); // a is now the most recently used
    client.forWorkspace("c"); // evicts b
    expect(client.forWorkspace("a")).toBe(a);
    const b = client.forWorkspace("b"); // b was evicted, so this is a new client (and it evicts c)
    expect(b).not.toBe(firstB);
    await b.GET(INFO_PATH);
    await client.forWorkspace("b").GET(INFO_PATH);
    expect(api.count(SCOPED_PATH)).toBe(1);
  });

  it("refuses a bad workspace name or region before any request", () => {
    const api = createFakeApi();
    const client = clientFor(api);
    expect(() => client.forWorkspace("")).toThrow(InvalidArgumentError);
    expect(() => client.forWorkspace("w", { regionId: "eu" })).toThrow(/regionId \("eu"\).*UUID/);
    return expect(client.createScopedToken({ workspaceName: "  " }))
      .rejects.toThrow(/workspaceName/)
      .then(() => {
        expect(api.sent).toHaveLength(0);
      });
  });

  it("replays a scoped call with a fresh scoped token after a 401", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const acme = client.forWorkspace("acme");
    await acme.GET(INFO_PATH);
    api.revoked.add(api.issued[1]!);
    const { response } = await acme.GET(INFO_PATH);
    expect(response.status).toBe(200);
    expect(api.count(SCOPED_PATH)).toBe(2);
  });

  it("decodes nothing it cannot: an exp far in the future falls back to 20 minutes", async () => {
    const api = createFakeApi();
    api.on(SCOPED_PATH, () => json({ token: jwt({ exp: 4102444800 }) }));
    const scoped = await clientFor(api).createScopedToken({ workspaceName: "acme" });
    expect(scoped.expiresAt.getTime()).toBe(Date.now() + 20 * 60_000);
  });
});

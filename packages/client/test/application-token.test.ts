import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AuthenticationError, InvalidResponseError } from "../src/index.js";
import { clientFor, createFakeApi, json, jwt, SECRET, SOURCES_PATH, TOKEN_PATH } from "./helpers/fake-api.js";

const ORG = "12345678-1234-1234-1234-123456789012";

describe("application token", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date("2026-01-01T00:00:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("exchanges the credentials on first need and sends the token", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    expect(api.sent).toHaveLength(0);
    const definitions = await client.listSourceDefinitions();
    expect(definitions[0]?.name).toBe("GitHub");
    const [exchange, call] = api.sent;
    expect(exchange?.body).toEqual({ client_id: "id", client_secret: SECRET });
    expect(exchange?.headers.has("authorization")).toBe(false);
    expect(call?.headers.get("authorization")).toBe(`Bearer ${api.issued[0]}`);
  });

  it("makes exactly one exchange for 500 concurrent calls on a cold client", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const results = await Promise.all(Array.from({ length: 500 }, () => client.GET(SOURCES_PATH)));
    expect(results.every((r) => r.response.status === 200)).toBe(true);
    expect(api.count(TOKEN_PATH)).toBe(1);
  });

  it("refreshes from the server's expires_in, not from an assumed 15 minutes", async () => {
    const api = createFakeApi({ expiresIn: 120 });
    const client = clientFor(api);
    await client.GET(SOURCES_PATH);
    vi.advanceTimersByTime(90_000); // inside the 2-minute lifetime, before the margin
    await client.GET(SOURCES_PATH);
    expect(api.count(TOKEN_PATH)).toBe(1);
    vi.advanceTimersByTime(30_000); // at expiry
    await client.GET(SOURCES_PATH);
    expect(api.count(TOKEN_PATH)).toBe(2);
    expect(api.sent.at(-1)?.headers.get("authorization")).toBe(`Bearer ${api.issued[1]}`);
  });

  it("uses a 2-second token for most of its life and never sends it after it expired", async () => {
    const api = createFakeApi({ expiresIn: 2 });
    const client = clientFor(api);
    const sentAt: Array<{ at: number; token: string | null }> = [];
    for (let step = 0; step < 40; step++) {
      await client.GET(SOURCES_PATH);
      sentAt.push({ at: Date.now(), token: api.sent.at(-1)!.headers.get("authorization") });
      vi.advanceTimersByTime(100);
    }
    // 4 seconds of calls every 100 ms: about two lifetimes, so 2 or 3 exchanges, not 40.
    expect(api.count(TOKEN_PATH)).toBeGreaterThanOrEqual(2);
    expect(api.count(TOKEN_PATH)).toBeLessThanOrEqual(3);
    const start = new Date("2026-01-01T00:00:00Z").getTime();
    const issuedAt = new Map<string, number>();
    for (const { at, token } of sentAt) {
      if (!issuedAt.has(token!)) issuedAt.set(token!, at);
      expect(at - issuedAt.get(token!)!).toBeLessThan(2_000);
    }
    expect(sentAt[0]!.at).toBe(start);
  });

  it("rejects every waiter with the same typed error when the exchange fails, and tries again next time", async () => {
    const api = createFakeApi();
    api.on(TOKEN_PATH, () => json({ detail: "Invalid authentication credentials" }, { status: 401 }));
    const client = clientFor(api);
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => client.listSourceDefinitions()),
    );
    const reasons = new Set(results.map((r) => (r.status === "rejected" ? r.reason : "fulfilled")));
    expect(reasons.size).toBe(1);
    const [error] = reasons;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toContain("Invalid authentication credentials");
    expect(api.count(TOKEN_PATH)).toBe(1);
    await expect(client.listSourceDefinitions()).rejects.toBeInstanceOf(AuthenticationError);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("falls back to 15 minutes when expires_in is missing or nonsense", async () => {
    for (const expiresIn of [undefined, -5, "soon", 10 ** 12]) {
      const api = createFakeApi();
      api.on(TOKEN_PATH, () => {
        api.issued.push(`tok-${String(expiresIn)}`);
        return json({ access_token: api.issued.at(-1), token_type: "bearer", expires_in: expiresIn });
      });
      const client = clientFor(api);
      await client.GET(SOURCES_PATH);
      vi.advanceTimersByTime(13 * 60_000);
      await client.GET(SOURCES_PATH);
      expect(api.count(TOKEN_PATH)).toBe(1);
      vi.advanceTimersByTime(2 * 60_000);
      await client.GET(SOURCES_PATH);
      expect(api.count(TOKEN_PATH)).toBe(2);
    }
  });

  it("falls back to the access token's exp claim before the documented lifetime", async () => {
    const api = createFakeApi();
    api.on(TOKEN_PATH, () => {
      api.issued.push(jwt({ n: api.issued.length, exp: Math.floor(Date.now() / 1000) + 300 }));
      return json({ access_token: api.issued.at(-1), token_type: "bearer" });
    });
    const client = clientFor(api);
    await client.GET(SOURCES_PATH);
    vi.advanceTimersByTime(200_000);
    await client.GET(SOURCES_PATH);
    expect(api.count(TOKEN_PATH)).toBe(1);
    vi.advanceTimersByTime(100_000);
    await client.GET(SOURCES_PATH);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("refuses a token response without an access token", async () => {
    const api = createFakeApi();
    api.on(TOKEN_PATH, () => json({ token_type: "bearer", expires_in: 900 }));
    await expect(clientFor(api).listSourceDefinitions()).rejects.toBeInstanceOf(InvalidResponseError);
  });

  it("sends X-Organization-Id on every request, the exchange included, only when configured", async () => {
    const withOrg = createFakeApi();
    const client = clientFor(withOrg, { organizationId: ORG });
    await client.listSourceDefinitions();
    await client.createScopedToken({ workspaceName: "w" });
    expect(withOrg.sent.map((r) => r.headers.get("x-organization-id"))).toEqual([ORG, ORG, ORG]);

    const without = createFakeApi();
    await clientFor(without).listSourceDefinitions();
    expect(without.sent.every((r) => !r.headers.has("x-organization-id"))).toBe(true);
  });
});

// The token lifecycle end to end, against a server whose tokens really expire and can be
// revoked, behind `prism proxy --errors` so that every request and answer is also checked
// against the spec.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, startPrism } from "../../../../scripts/prism.js";
import { AuthenticationError, createAgentEngineClient, type AgentEngineClient } from "../../src/index.js";
import { createFakeApi, type FakeApi, serve } from "@org/fake-api";

const credentials = { clientId: "e2e-client", clientSecret: "e2e-secret-value" };
const INFO = "/api/v1/account/applications/scoped-token/info";
let api: FakeApi;
let server: Awaited<ReturnType<typeof serve>>;
let prism: RunningPrism;
let client: AgentEngineClient;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(async () => {
  api = createFakeApi({ ...credentials, expiresIn: 2, scopedLifetimeSeconds: 3 });
  server = await serve(api);
  prism = await startPrism({ upstream: server.url });
  client = createAgentEngineClient({ ...credentials, baseUrl: prism.url });
}, 300_000);

afterAll(async () => {
  await prism?.stop();
  await server?.close();
});

describe("token lifecycle through prism proxy", () => {
  it("exchanges once, then again only after the token's real lifetime, never sending an expired token", async () => {
    await client.listSourceDefinitions();
    expect(api.counts.exchanges).toBe(1);
    // Calls for about three 2-second lifetimes, bounded in count.
    const deadline = Date.now() + 6_000;
    let calls = 0;
    while (Date.now() < deadline && calls < 200) {
      await client.listSourceDefinitions();
      calls++;
      await sleep(50);
    }
    expect(calls).toBeGreaterThan(10);
    expect(api.counts.exchanges).toBeGreaterThanOrEqual(3);
    expect(api.counts.exchanges).toBeLessThanOrEqual(5);
    expect(api.counts.expiredTokenRequests).toBe(0);
  }, 20_000);

  it("recovers from a revoked application token with one replay", async () => {
    await client.listSourceDefinitions();
    const before = api.counts.exchanges;
    api.revoked.add(api.latest("application")!);
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    expect(api.counts.exchanges).toBe(before + 1);
  });

  it("keeps a workspace's scoped token, refreshes it when it expires and recovers from revocation", async () => {
    const acme = client.forWorkspace("acme");
    const first = await acme.GET(INFO);
    expect(first.data?.customer_name).toBe("acme");
    const mints = api.counts.mints;
    await acme.GET(INFO);
    expect(api.counts.mints).toBe(mints);
    await sleep(3_100);
    expect((await acme.GET(INFO)).response.status).toBe(200);
    expect(api.counts.mints).toBe(mints + 1);
    api.revoked.add(api.latest("scoped")!);
    expect((await acme.GET(INFO)).response.status).toBe(200);
    expect(api.counts.mints).toBe(mints + 2);
    expect(api.counts.expiredTokenRequests).toBe(0);
  }, 20_000);

  it("answers wrong credentials with an AuthenticationError carrying the server's message", async () => {
    const wrong = createAgentEngineClient({
      clientId: "e2e-client",
      clientSecret: "wrong",
      baseUrl: prism.url,
    });
    const error = await wrong.listSourceDefinitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toContain("Invalid client credentials");
  });
});

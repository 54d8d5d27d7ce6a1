import { API_PATHS } from "@org/agent-engine-types";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisTokenStore } from "../src/index.js";
import { CREDENTIALS, type FakeApi, startFakeApi } from "./helpers/fake-api.js";
import { type RedisServer, startRedis } from "./helpers/redis-server.js";

async function connect(url: string) {
  const redis = createClient({ url, socket: { reconnectStrategy: 50 } });
  redis.on("error", () => {});
  await redis.connect();
  return redis;
}

type Redis = Awaited<ReturnType<typeof connect>>;

let server: RedisServer;
let redis: Redis;
let api: FakeApi;
beforeAll(async () => {
  [server, api] = await Promise.all([startRedis(), startFakeApi()]);
  redis = await connect(server.url);
});
afterAll(async () => {
  await redis?.quit();
  await Promise.all([server?.stop(), api?.stop()]);
});

describe("the Redis token store", () => {
  it("keeps a token with its expiry until then, under the client's key", async () => {
    const store = createRedisTokenStore(redis);
    const expiresAt = Date.now() + 60_000;
    await store.set("k1", { token: "t1", expiresAt });
    expect(await store.get("k1")).toEqual({ token: "t1", expiresAt });
    expect(await redis.pTTL("k1")).toBeGreaterThan(50_000);
    expect(await redis.pTTL("k1")).toBeLessThanOrEqual(60_000);
    await store.set("gone", { token: "t0", expiresAt: Date.now() - 1 });
    expect(await store.get("gone")).toBeUndefined();
    await redis.set("junk", "not json");
    expect(await store.get("junk")).toBeUndefined();
  });

  it("deletes a token only while it still holds the refused one", async () => {
    const store = createRedisTokenStore(redis);
    await store.set("k2", { token: "newer", expiresAt: Date.now() + 60_000 });
    await store.delete("k2", "older");
    expect((await store.get("k2"))?.token).toBe("newer");
    await store.delete("k2", "newer");
    expect(await store.get("k2")).toBeUndefined();
  });

  it("gives the lock to one holder at a time, for its TTL, and releases only its own", async () => {
    const store = createRedisTokenStore(redis);
    const first = await store.lock?.("k3", 60_000);
    expect(first).toBeDefined();
    expect(await store.lock?.("k3", 60_000)).toBeUndefined();
    expect(await redis.pTTL("k3:lock")).toBeGreaterThan(50_000);
    await first?.release();
    const second = await store.lock?.("k3", 60_000);
    expect(second).toBeDefined();
    await first?.release();
    expect(await store.lock?.("k3", 60_000)).toBeUndefined();
    await second?.release();
    // Redis itself drops a lock whose holder never releases it.
    expect(await store.lock?.("k4", 50)).toBeDefined();
    await expect.poll(() => redis.exists("k4:lock"), { timeout: 10_000, interval: 20 }).toBe(0);
  });

  it("makes every instance refresh a token the API refused with 401, from one new mint", async () => {
    const [a, b] = await Promise.all([connect(server.url), connect(server.url)]);
    try {
      const clientOf = (connection: Redis) =>
        createAgentEngineClient({
          ...CREDENTIALS,
          baseUrl: api.url,
          tokenStore: createRedisTokenStore(connection),
        });
      const [one, two] = [clientOf(a), clientOf(b)];
      const info = (client: typeof one) => client.forWorkspace("refused").GET(API_PATHS.scopedTokenInfo);
      expect((await info(one)).response.status).toBe(200);
      expect((await info(two)).response.status).toBe(200);
      expect(api.mintsFor("refused")).toBe(1);
      const refused = api.latestScopedToken()!;
      api.revoked.add(refused);

      expect((await info(one)).response.status).toBe(200);
      expect(JSON.stringify(await redis.mGet(await redis.keys("agent-engine:*")))).not.toContain(refused);
      expect((await info(two)).response.status).toBe(200);
      expect(api.mintsFor("refused")).toBe(2);
    } finally {
      await Promise.all([a.quit(), b.quit()]);
    }
  });

  it("fails no call when Redis stops in the middle of a run, and says so once", async () => {
    const own = await startRedis();
    const connection = await connect(own.url);
    const storeErrors: unknown[] = [];
    const client = createAgentEngineClient({
      ...CREDENTIALS,
      baseUrl: api.url,
      tokenStore: createRedisTokenStore(connection),
      onTokenStoreError: (error) => storeErrors.push(error),
    });
    const call = (name: string) =>
      client
        .forWorkspace(name)
        .GET(API_PATHS.scopedTokenInfo)
        .then(({ response }) => response.status);
    const names = Array.from({ length: 40 }, (_, i) => `stopped-${i}`);
    try {
      const before = await Promise.all(names.slice(0, 20).map(call));
      expect(storeErrors).toEqual([]);
      const stopping = own.stop();
      // Calls in flight while Redis goes away, then with Redis gone: known and new workspaces.
      const during = await Promise.all(names.map(call));
      await stopping;
      const after = await Promise.all([...names, ...names.map((name) => `${name}-after`)].map(call));
      expect([...before, ...during, ...after]).toEqual([...before, ...during, ...after].map(() => 200));
      expect(storeErrors).toHaveLength(1);
    } finally {
      connection.destroy();
      await own.stop();
    }
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeApi, startFakeApi } from "./helpers/fake-api.js";
import { type Instance, kill, runFleet, startInstance } from "./helpers/fleet.js";
import { type RedisServer, startRedis } from "./helpers/redis-server.js";

let server: RedisServer;
let api: FakeApi;
const started: Instance[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterEach(async () => {
  await Promise.all(started.splice(0).map(kill));
  await api?.stop();
});
afterAll(async () => {
  await server?.stop();
});

describe("a fleet sharing a Redis token store", () => {
  it("8 processes x 200 workspaces, cold at once, make 1 exchange and 200 mints", async () => {
    api = await startFakeApi();
    const workspaces = Array.from({ length: 200 }, (_, i) => `fleet-${i}`);
    const reports = await runFleet(8, { apiUrl: api.url, redisUrl: server.url, workspaces });
    for (const report of reports) {
      expect(report.statuses).toEqual(workspaces.map(() => 200));
      expect(report.storeErrors).toEqual([]);
    }
    expect(api.exchanges()).toBe(1);
    expect(api.counts.mints).toBe(200);
    expect(workspaces.filter((workspace) => api.mintsFor(workspace) !== 1)).toEqual([]);
  });

  it("does not wait past the lock's expiry for an instance killed while it held the lock", async () => {
    api = await startFakeApi();
    api.holdExchanges = true;
    // The holder's lock lasts 1 s (its timeoutMs); the others would wait up to 20 s for it.
    const holder = await startInstance({ apiUrl: api.url, redisUrl: server.url, timeoutMs: 1000 });
    started.push(holder);
    const exchangeSent = api.nextExchange();
    holder.go();
    await exchangeSent;
    await kill(holder);
    api.holdExchanges = false;
    const reports = await runFleet(3, { apiUrl: api.url, redisUrl: server.url, timeoutMs: 20_000 });
    for (const report of reports) {
      expect(report.statuses).toEqual([200]);
      // None gave up on the store: one took the expired lock, the others waited for its token.
      expect(report.storeErrors).toEqual([]);
    }
    expect(api.exchanges()).toBe(2);
  });
});

// A fleet of N instances (processes) cold at once, each calling W workspaces, with and without
// a shared Redis token store: exchanges and mints counted by the server, and the latency of
// each first call over loopback. `tokenStoreFleet({ instances, workspaces })` starts and stops
// its own fake API and redis-server.
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { createRedisTokenStore } from "@org/agent-engine-token-store-redis";
import { createClient } from "redis";
import { API_PATHS } from "@org/agent-engine-types";
import { createFakeApi, serve } from "@org/fake-api";

const CREDENTIALS = { clientId: "fleet-client", clientSecret: "fleet-secret" };

export async function tokenStoreFleet({ instances, workspaces }) {
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
  const redis = spawn("redis-server", [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
  ]);
  try {
    const url = `redis://127.0.0.1:${port}`;
    const ping = createClient({
      url,
      socket: { reconnectStrategy: (retries) => (retries < 200 ? 50 : false) },
    });
    ping.on("error", () => {});
    await ping.connect();
    await ping.quit();
    const rows = [];
    for (const redisUrl of [undefined, url]) {
      const api = createFakeApi({ ...CREDENTIALS, log: false });
      const server = await serve(api);
      const children = Array.from({ length: instances }, () =>
        fork(fileURLToPath(import.meta.url), [JSON.stringify({ apiUrl: server.url, redisUrl, workspaces })]),
      );
      await Promise.all(children.map((child) => once(child, "message")));
      for (const child of children) child.send("go");
      const latencies = (await Promise.all(children.map((child) => once(child, "message")))).flatMap(
        ([m]) => m,
      );
      latencies.sort((a, b) => a - b);
      const { exchanges, mints } = api.counts;
      await server.close();
      rows.push({
        store: redisUrl ? "redis" : "none",
        instances,
        workspaces,
        exchanges,
        mints,
        firstCallMedianMs: latencies[Math.floor(latencies.length / 2)],
        firstCallMaxMs: latencies.at(-1),
      });
    }
    return rows;
  } finally {
    redis.kill("SIGTERM");
  }
}

// One instance: a client (with the store when given), which calls every workspace once at "go".
if (process.argv[2]?.startsWith("{")) {
  const { apiUrl, redisUrl, workspaces } = JSON.parse(process.argv[2]);
  const redis = redisUrl && createClient({ url: redisUrl });
  redis?.on("error", () => {});
  await redis?.connect();
  const client = createAgentEngineClient({
    ...CREDENTIALS,
    baseUrl: apiUrl,
    ...(redis ? { tokenStore: createRedisTokenStore(redis) } : {}),
  });
  process.send("ready");
  await once(process, "message");
  const start = performance.now();
  const latencies = await Promise.all(
    Array.from({ length: workspaces }, async (_, i) => {
      const { response } = await client.forWorkspace(`fleet-${i}`).GET(API_PATHS.scopedTokenInfo);
      if (response.status !== 200) throw new Error(`first call answered ${response.status}`);
      return performance.now() - start;
    }),
  );
  process.send(latencies);
  await redis?.quit();
  process.disconnect();
}

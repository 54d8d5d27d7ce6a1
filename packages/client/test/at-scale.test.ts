// Token single-flight and the workspace cache at scale, counted by the fake API over loopback
// HTTP (moved here from the bench, which now only measures). Loops are bounded in count and time.
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { createFakeApi, serve } from "@org/fake-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAgentEngineClient } from "../src/index.js";
import { INFO_PATH, SOURCES_PATH } from "./helpers/fake-api.js";

const credentials = { clientId: "scale-client", clientSecret: "scale-secret" };
const DEFAULT_WORKSPACE_BOUND = 1000;

async function inBatches(count: number, batch: number, run: (i: number) => Promise<unknown>) {
  for (let from = 0; from < count; from += batch)
    await Promise.all(Array.from({ length: Math.min(batch, count - from) }, (_, i) => run(from + i)));
}

describe("over loopback HTTP", () => {
  const api = createFakeApi(credentials);
  let server: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    server = await serve(api);
  });
  afterAll(() => server?.close());

  it("counts one token exchange for 1,000 concurrent cold calls", async () => {
    const client = createAgentEngineClient({ ...credentials, baseUrl: server.url });
    const before = api.counts.exchanges;
    const answers = await Promise.all(Array.from({ length: 1000 }, () => client.GET(SOURCES_PATH)));
    expect(answers.every((answer) => answer.response.status === 200)).toBe(true);
    expect(api.counts.exchanges - before).toBe(1);
  }, 60_000);

  it("mints one scoped token per workspace, and none again while the cache holds them", async () => {
    const client = createAgentEngineClient({ ...credentials, baseUrl: server.url });
    const names = Array.from({ length: 200 }, (_, i) => `scale-workspace-${i}`);
    const callWorkspace = async (name: string) => {
      const { data } = await client.forWorkspace(name).GET(INFO_PATH);
      expect(data?.customer_name).toBe(name);
    };
    const { exchanges, mints } = api.counts;
    // Each call asks forWorkspace itself, as separate request handlers would.
    await inBatches(names.length, 50, (i) =>
      Promise.all(Array.from({ length: 20 }, () => callWorkspace(names[i]!))),
    );
    expect(api.counts.mints - mints).toBe(names.length);
    const minted = api.sent.filter((r) => r.path === "/api/v1/account/applications/scoped-token");
    expect(new Set(minted.map((r) => r.body.workspace_name)).size).toBe(names.length);
    expect(api.counts.exchanges - exchanges).toBe(1);
    await inBatches(names.length, 50, (i) => callWorkspace(names[i]!));
    expect(api.counts.mints - mints).toBe(names.length);
  }, 60_000);
});

it("never sends an expired token while 2-second tokens roll over", async () => {
  const api = createFakeApi({ ...credentials, expiresIn: 2, scopedLifetimeSeconds: 2 });
  const server = await serve(api);
  try {
    const client = createAgentEngineClient({ ...credentials, baseUrl: server.url });
    const workspace = client.forWorkspace("rolling");
    const deadline = Date.now() + 3_000;
    let calls = 0;
    await Promise.all(
      Array.from({ length: 4 }, async (_, loop) => {
        for (let i = loop; Date.now() < deadline && i < 100_000; i++, calls++) {
          const { response } = await (i % 2 === 0 ? client.GET(SOURCES_PATH) : workspace.GET(INFO_PATH));
          expect(response.status).toBe(200);
        }
      }),
    );
    expect(calls).toBeGreaterThan(0);
    expect(api.counts.exchanges).toBeGreaterThanOrEqual(1);
    expect(api.counts.expiredTokenRequests).toBe(0);
    expect(api.counts.unknownTokenRequests).toBe(0);
  } finally {
    await server.close();
  }
}, 30_000);

it("keeps no more workspace clients alive than the default bound of 1,000", async () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  let created = 0;
  let collected = 0;
  const lifetimes = new FinalizationRegistry(() => collected++);
  const api = createFakeApi({ log: false });
  const client = createAgentEngineClient({ ...credentials, baseUrl: "http://api.test", fetch: api.fetch });
  for (const target of [2_000, 5_000]) {
    const from = created;
    await inBatches(target - from, 32, async (i) => {
      const name = `memory-workspace-${from + i}`;
      // Every name is new, so every forWorkspace() here creates a workspace client.
      const workspace = client.forWorkspace(name);
      lifetimes.register(workspace, undefined);
      created++;
      expect((await workspace.GET(INFO_PATH)).data?.customer_name).toBe(name);
    });
    expect(api.counts.mints).toBe(target);
    // Finalizers run between tasks: collect until the count of live clients stops falling.
    let live = Number.POSITIVE_INFINITY;
    for (let cycle = 0; cycle < 20 && live > DEFAULT_WORKSPACE_BOUND; cycle++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 20));
      live = created - collected;
    }
    expect(live).toBeLessThanOrEqual(DEFAULT_WORKSPACE_BOUND);
  }
}, 60_000);

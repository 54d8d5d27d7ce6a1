// What the client's per-workspace cache keeps once far more workspaces were asked for than
// it holds: how many workspace clients are still alive after garbage collection (counted
// with a FinalizationRegistry, so the figure is exact rather than inferred from the heap),
// and the heap in use. Run by run.mjs in its own process with --expose-gc, so the heap is
// the client's alone. Requests go to an in-process fetch that answers like the bench server
// (fake-api.mjs, with nothing remembered per workspace): 100,000 workspaces take seconds,
// not minutes, and no socket buffers blur the figure.
import { setTimeout as delay } from "node:timers/promises";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { createFakeApi, CREDENTIALS, PATHS } from "./fake-api.mjs";
import { runPool } from "./stats.mjs";

const BASE_URL = "http://bench.invalid";

function inProcessFetch(api) {
  return async (given, init) => {
    // What the platform's fetch would send: the request with the attempt's init laid over it.
    const request = new Request(given, init);
    const url = new URL(request.url);
    const text = request.method === "POST" ? await request.text() : "";
    const answer = api.handle({
      method: request.method,
      pathname: url.pathname,
      query: url.searchParams,
      authorization: request.headers.get("authorization") ?? undefined,
      body: text ? JSON.parse(text) : undefined,
    });
    return new Response(answer.text, {
      status: answer.status,
      headers: { "content-type": "application/json" },
    });
  };
}

/**
 * Collects until the count of live workspace clients stops falling. Each GC is followed by a
 * short pause because finalization callbacks (ours, and undici's for each Request's signal)
 * only run between tasks; back-to-back gc() calls would count recent garbage as held.
 */
async function settle(liveClients) {
  let previous = Number.POSITIVE_INFINITY;
  for (let cycle = 0; cycle < 20; cycle++) {
    global.gc();
    await delay(20);
    const live = liveClients();
    if (cycle >= 5 && live === previous) break;
    previous = live;
  }
  return { heapBytes: process.memoryUsage().heapUsed, liveWorkspaceClients: liveClients() };
}

export async function measureCacheMemory({ checkpoints, concurrency = 32 }) {
  if (typeof global.gc !== "function") throw new Error("memory.mjs needs node --expose-gc");
  let created = 0;
  let collected = 0;
  const lifetimes = new FinalizationRegistry(() => collected++);
  const liveClients = () => created - collected;

  const api = createFakeApi({ trackWorkspaces: false });
  const baseline = (await settle(liveClients)).heapBytes;
  const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl: BASE_URL, fetch: inProcessFetch(api) });

  const results = [];
  let requested = 0;
  for (const target of checkpoints) {
    const from = requested;
    await runPool(target - from, concurrency, async (i) => {
      const name = `memory-workspace-${from + i}`;
      // Every name is new, so every forWorkspace() here creates a workspace client.
      const workspace = client.forWorkspace(name);
      lifetimes.register(workspace, undefined);
      created++;
      const { data, response } = await workspace.GET(PATHS.scopedTokenInfo);
      if (response.status !== 200 || data.customer_name !== name)
        throw new Error(`scoped GET for ${name} failed (${response.status})`);
    });
    requested = target;
    const { heapBytes, liveWorkspaceClients } = await settle(liveClients);
    results.push({
      workspacesRequested: target,
      mints: api.counters().mints,
      liveWorkspaceClients,
      heapBytes: heapBytes - baseline,
    });
  }
  // Keeps the client (and so its cache) reachable until every checkpoint is measured.
  if (client.forWorkspace === undefined) throw new Error("unreachable");
  return results;
}

if (process.send) {
  // The bench that forked this run has gone: stop rather than finish unobserved.
  process.on("disconnect", () => process.exit(1));
  const checkpoints = JSON.parse(process.argv[2]);
  measureCacheMemory({ checkpoints }).then(
    (results) => process.send({ results }, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

// Correctness at scale, counted by the server: how many token exchanges and scoped-token
// mints the client sends, and whether it ever sends a token that has expired.
import { performance } from "node:perf_hooks";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { CREDENTIALS, PATHS } from "./fake-api.mjs";
import { runPool } from "./stats.mjs";

function newClient(baseUrl) {
  return createAgentEngineClient({ ...CREDENTIALS, baseUrl });
}

function expectOk(result, what) {
  if (result.response.status !== 200) throw new Error(`${what} answered ${result.response.status}`);
  return result.data;
}

/** `calls` concurrent GETs on a client that has no token yet: they must share one exchange. */
export async function coldStart(server, { calls }) {
  await server.reset();
  const client = newClient(server.url);
  const start = performance.now();
  await Promise.all(
    Array.from({ length: calls }, async () => {
      expectOk(await client.GET(PATHS.sourceDefinitions), "cold-start GET");
    }),
  );
  const elapsedMs = performance.now() - start;
  const counters = await server.counters();
  return { calls, exchanges: counters.exchanges, elapsedMs, ok: counters.exchanges === 1 };
}

/**
 * `workspaces` workspaces, each called `callsPerWorkspace` times at once (each call asks
 * `forWorkspace(name)` itself, as separate request handlers would): one mint per workspace.
 * Workspaces go `workspacesAtOnce` at a time so the sockets in flight stay under the
 * process's file limit. A second pass over every workspace then must mint nothing: the
 * default cache bound (1000) holds them all.
 */
export async function workspaceFanOut(server, { workspaces, callsPerWorkspace, workspacesAtOnce }) {
  await server.reset();
  const client = newClient(server.url);
  const names = Array.from({ length: workspaces }, (_, i) => `bench-workspace-${i}`);
  const callWorkspace = async (name) => {
    const info = expectOk(await client.forWorkspace(name).GET(PATHS.scopedTokenInfo), "scoped GET");
    if (info.customer_name !== name)
      throw new Error(`forWorkspace("${name}") acted as "${info.customer_name}"`);
  };

  const start = performance.now();
  await runPool(workspaces, workspacesAtOnce, (i) =>
    Promise.all(Array.from({ length: callsPerWorkspace }, () => callWorkspace(names[i]))),
  );
  const elapsedMs = performance.now() - start;
  const first = await server.counters();
  await runPool(workspaces, workspacesAtOnce, (i) => callWorkspace(names[i]));
  const second = await server.counters();

  const result = {
    workspaces,
    callsPerWorkspace,
    workspacesAtOnce,
    mints: first.mints,
    distinctWorkspacesMinted: first.workspacesMinted,
    exchanges: first.exchanges,
    mintsOnSecondPass: second.mints - first.mints,
    elapsedMs,
  };
  result.ok = result.mints === workspaces && result.mintsOnSecondPass === 0 && result.exchanges === 1;
  return result;
}

/**
 * `durationMs` of `loops` concurrent call loops with 2-second tokens, alternating a GET with
 * the application token and a scoped GET for one workspace. The server counts exchanges,
 * mints and any request that arrives with an expired token.
 */
export async function shortLivedTokens(server, { durationMs, lifetimeSeconds, loops }) {
  await server.configure({
    applicationLifetimeSeconds: lifetimeSeconds,
    scopedLifetimeSeconds: lifetimeSeconds,
  });
  await server.reset();
  try {
    const client = newClient(server.url);
    const workspace = client.forWorkspace("bench-long-run");
    let calls = 0;
    const start = performance.now();
    const deadline = start + durationMs;
    await Promise.all(
      Array.from({ length: loops }, async (_, loop) => {
        for (let i = loop; performance.now() < deadline; i++) {
          if (i % 2 === 0) expectOk(await client.GET(PATHS.sourceDefinitions), "long-run GET");
          else expectOk(await workspace.GET(PATHS.scopedTokenInfo), "long-run scoped GET");
          calls++;
        }
      }),
    );
    const elapsedMs = performance.now() - start;
    const counters = await server.counters();
    const lifetimesElapsed = elapsedMs / (lifetimeSeconds * 1000);
    // The client refreshes in the background once 95% of a lifetime has passed (lifetime.ts),
    // so a little over one exchange per lifetime is the design, not a leak.
    const refreshIntervalsElapsed = elapsedMs / (lifetimeSeconds * 1000 * 0.95);
    const expiredTokenRequests = counters.expired.application + counters.expired.scoped;
    return {
      durationMs: elapsedMs,
      lifetimeSeconds,
      loops,
      calls,
      exchanges: counters.exchanges,
      scopedMints: counters.mints,
      lifetimesElapsed,
      refreshIntervalsElapsed,
      exchangesWithinLifetimesPlusOne: counters.exchanges <= Math.floor(lifetimesElapsed) + 1,
      exchangesWithinRefreshIntervalsPlusOne: counters.exchanges <= Math.floor(refreshIntervalsElapsed) + 1,
      expiredTokenRequests,
      expiredByKind: counters.expired,
      rejected: counters.rejected,
      ok: expiredTokenRequests === 0 && counters.rejected === 0,
    };
  } finally {
    await server.configure({});
  }
}

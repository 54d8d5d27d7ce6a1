// `pnpm bench [--short]`: what `client.GET` costs against bare openapi-fetch with a bearer
// middleware, for both fetch paths (the platform's fetch, and a fetch passed in the options),
// CPU only (fetch stubbed) and over loopback HTTP to the fake API in another process; what the
// workspace cache keeps alive; and a fleet of processes, cold at once, with and without a shared
// Redis token store. Rounds interleave the variants in balanced orders and are pooled from
// several fresh processes; figures are medians, ratios are taken within a round. A full run
// writes bench-results/latest.json and the figures of docs/performance.md.
// A benchmark, not a test: it fails on a crash or a wrong answer, never on a timing.
import { fork, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { cpus } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { createRedisTokenStore } from "@org/agent-engine-token-store-redis";
import { API_PATHS } from "@org/agent-engine-types";
import { createFakeApi, DEFINITIONS, serve } from "@org/fake-api";
import createClient from "openapi-fetch";
import { createClient as createRedisClient } from "redis";

const SELF = fileURLToPath(import.meta.url);
const CREDENTIALS = { clientId: "bench-client", clientSecret: "bench-secret" };
// Where the stubbed and in-memory fetches answer: never reached over the network.
const STUB_URL = "http://bench.invalid";
const PLANS = {
  full: {
    processes: 4,
    rounds: 12,
    // V8's background threads (garbage collection, compilation) count in the process's CPU time
    // and land unevenly in a short round: rounds of 2000 calls spread too widely to tell the
    // client from its floor; four times as many halve the spread.
    cpuCalls: 8000,
    loopbackCalls: 400,
    memory: [10_000, 100_000],
    fleet: { instances: 8, workspaces: 200 },
  },
  short: {
    processes: 1,
    rounds: 4,
    cpuCalls: 100,
    loopbackCalls: 20,
    memory: [2_000],
    fleet: { instances: 2, workspaces: 20 },
  },
};
const PATHS = ["platform fetch", "fetch in options"];
const BASELINE = "openapi-fetch + bearer";
const FLOOR = "openapi-fetch + attempt floor";
const VARIANTS = [BASELINE, FLOOR, "client.GET"];

/**
 * Orders of 0..n-1 in which every item comes right after every other one equally often (a
 * Williams design), so what one variant leaves behind (garbage, idle sockets) lands on all alike.
 */
export function balancedOrders(n) {
  // 0, 1, n-1, 2, n-2, ...; each further row adds 1 (mod n); an odd n needs the rows reversed too.
  const first = Array.from({ length: n }, (_, i) => (i % 2 ? (i + 1) / 2 : (n - i / 2) % n));
  const rows = Array.from({ length: n }, (_, shift) => first.map((item) => (item + shift) % n));
  return n % 2 === 0 ? rows : [...rows, ...rows.map((row) => [...row].reverse())];
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * A fetch for bare openapi-fetch that does only what the client's contract asks of every
 * attempt: a signal of its own (following the caller's, with a timeout) and the token on a copy
 * of the headers; a fetch passed in the options gets them as one Request. No retries, no race:
 * the least any design that keeps the contract pays, and so how low `client.GET` can go.
 */
function attemptFloor(passedFetch, token) {
  return async (request) => {
    const controller = new AbortController();
    request.signal.addEventListener("abort", () => controller.abort(request.signal.reason), { once: true });
    const timer = setTimeout(() => controller.abort(new Error("timed out")), 60_000);
    const headers = new Headers(request.headers);
    headers.set("Authorization", `Bearer ${token}`);
    const init = { headers, signal: controller.signal, redirect: "manual" };
    try {
      return await (passedFetch ? passedFetch(new Request(request, init)) : fetch(request, init));
    } finally {
      clearTimeout(timer);
    }
  };
}

/** Bare openapi-fetch, the attempt floor and the client, each on the platform's fetch and on `passedFetch`. */
function variants(baseUrl, passedFetch, token) {
  return PATHS.flatMap((path) => {
    const passed = path !== "platform fetch";
    const fetch = passed ? { fetch: passedFetch } : {};
    const bare = createClient({ baseUrl, ...fetch });
    bare.use({ onRequest: ({ request }) => request.headers.set("Authorization", `Bearer ${token}`) });
    const floor = createClient({ baseUrl, fetch: attemptFloor(passed && passedFetch, token) });
    const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl, ...fetch });
    return [bare, floor, client].map((api, i) => ({
      name: `${VARIANTS[i]}, ${path}`,
      call: () => api.GET(API_PATHS.sourceDefinitions),
    }));
  });
}

/** This process's CPU time in µs: what the variants cost, whatever else shares the cores. */
const cpuMicroseconds = (usage = process.cpuUsage()) => usage.user + usage.system;
const wallMicroseconds = () => performance.now() * 1000;

/** µs per call of each variant on `clock`, in `rounds` rounds after a discarded warm-up. */
async function measureRounds(list, rounds, calls, clock) {
  const orders = balancedOrders(list.length);
  const measured = [];
  for (let round = -1; round < rounds; round++) {
    const results = {};
    for (const index of orders[(round + orders.length) % orders.length]) {
      const { name, call } = list[index];
      const start = clock();
      for (let i = 0; i < calls; i++) {
        const { data, response } = await call();
        if (data?.definitions?.length !== DEFINITIONS.length)
          throw new Error(`${name}: answered ${response.status}`);
      }
      results[name] = (clock() - start) / calls;
    }
    if (round >= 0) measured.push(results);
  }
  return measured;
}

async function measureProcess({ plan, url }) {
  const platformFetch = globalThis.fetch;
  const body = (input) =>
    String(input.url ?? input).endsWith(API_PATHS.applicationToken)
      ? { access_token: "bench-token", token_type: "bearer", expires_in: 900 }
      : { definitions: DEFINITIONS };
  // Answers at once, like a server with no work to do on the same CPU.
  const stub = async (input) => Response.json(body(input));
  globalThis.fetch = stub; // openapi-fetch reads it when a client is created, the client per call
  const stubbed = variants(STUB_URL, stub, "bench-token");
  const cpuOnly = await measureRounds(stubbed, plan.rounds, plan.cpuCalls, cpuMicroseconds);
  globalThis.fetch = platformFetch;
  const { data: token } = await createClient({ baseUrl: url }).POST(API_PATHS.applicationToken, {
    body: { client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret },
  });
  // A fetch of the caller's own, as proxies and custom agents pass it.
  const passed = (input, init) => platformFetch(input, init);
  const served = variants(url, passed, token.access_token);
  const loopback = await measureRounds(served, plan.rounds, plan.loopbackCalls, wallMicroseconds);
  return { cpuOnly, loopback };
}

/** Live workspace clients (counted by a FinalizationRegistry) and heap after `targets` new workspaces. */
async function measureMemory(targets) {
  let created = 0;
  let collected = 0;
  const registry = new FinalizationRegistry(() => collected++);
  // Finalizers (ours, and undici's for each Request's signal) run between tasks: collect at
  // least five times, then until the count of live clients stops falling.
  const settle = async () => {
    let previous;
    for (let cycle = 0; cycle < 20 && (cycle < 5 || previous !== created - collected); cycle++) {
      previous = created - collected;
      global.gc();
      await delay(20);
    }
    return process.memoryUsage().heapUsed;
  };
  const api = createFakeApi({ log: false });
  const baseline = await settle();
  const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl: STUB_URL, fetch: api.fetch });
  const rows = [];
  for (const target of targets) {
    while (created < target) {
      const batch = Array.from({ length: Math.min(32, target - created) }, () => {
        const workspace = client.forWorkspace(`memory-workspace-${created++}`);
        registry.register(workspace, undefined);
        return workspace.GET(API_PATHS.scopedTokenInfo);
      });
      for (const { response } of await Promise.all(batch))
        if (!response.ok) throw new Error(`${response.status}`);
    }
    const heapBytes = (await settle()) - baseline;
    const [mints, liveWorkspaceClients] = [api.counts.mints, created - collected];
    rows.push({ workspacesRequested: target, mints, liveWorkspaceClients, heapBytes });
  }
  return rows;
}

/** Runs this file in a fresh process as `role`; resolves with its first message and the process. */
function child(role, argument = null, execArgv = []) {
  const worker = fork(SELF, [role, JSON.stringify(argument)], { execArgv });
  return new Promise((resolve, reject) => {
    worker.once("message", (message) => resolve({ message, worker }));
    worker.on("error", reject);
    worker.on("exit", (code) => reject(new Error(`bench ${role} exited (code ${code}) before answering`)));
  });
}

/**
 * `instances` processes cold at once, each calling `workspaces` workspaces, without and with a
 * shared Redis token store: exchanges and mints counted by the API, each first call's latency.
 */
async function fleet({ instances, workspaces }) {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  const redis = spawn("redis-server", ["--port", `${port}`, "--bind", "127.0.0.1", "--save", ""]);
  try {
    const rows = [];
    for (const redisUrl of [undefined, `redis://127.0.0.1:${port}`]) {
      const api = createFakeApi({ ...CREDENTIALS, log: false });
      const server = await serve(api);
      const argument = { apiUrl: server.url, redisUrl, workspaces };
      const started = await Promise.all(Array.from({ length: instances }, () => child("instance", argument)));
      for (const { worker } of started) worker.send("go");
      const answers = await Promise.all(started.map(({ worker }) => once(worker, "message")));
      const latencies = answers.flatMap(([message]) => message).sort((a, b) => a - b);
      await server.close();
      const { exchanges, mints } = api.counts;
      const firstCallMedianMs = latencies[Math.floor(latencies.length / 2)];
      const firstCallMaxMs = latencies.at(-1);
      const store = redisUrl ? "redis" : "none";
      rows.push({ store, instances, workspaces, exchanges, mints, firstCallMedianMs, firstCallMaxMs });
    }
    return rows;
  } finally {
    redis.kill("SIGTERM");
  }
}

/** One instance of the fleet: a client (with the store when given) that calls each workspace once at "go". */
async function fleetInstance({ apiUrl, redisUrl, workspaces }) {
  // Retries while the redis-server started beside it is not yet listening.
  const socket = { reconnectStrategy: (retries) => (retries < 200 ? 50 : false) };
  const redis = redisUrl && createRedisClient({ url: redisUrl, socket });
  redis?.on("error", () => {});
  await redis?.connect();
  const tokenStore = redis ? createRedisTokenStore(redis) : undefined;
  const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl: apiUrl, tokenStore });
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
  await redis?.quit();
  return latencies;
}

/**
 * Each variant's median µs, and its median ratios within a round to the baseline and to the
 * attempt floor on its path.
 */
function summarize(rounds) {
  return PATHS.flatMap((path) => VARIANTS.map((name) => `${name}, ${path}`)).map((variant) => {
    const path = variant.split(", ")[1];
    const ratioTo = (name) => median(rounds.map((round) => round[variant] / round[`${name}, ${path}`]));
    return {
      variant,
      microsecondsPerCall: median(rounds.map((round) => round[variant])),
      ratio: ratioTo(BASELINE),
      ratioToFloor: ratioTo(FLOOR),
    };
  });
}

const table = (headers, rows) =>
  [headers, headers.map(() => "---"), ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");

const ratioOf = (rows, path, name = "client.GET", key = "ratio") =>
  rows.find((r) => r.variant === `${name}, ${path}`)[key].toFixed(3);

function render(result) {
  const speed = (rows) =>
    table(
      ["variant", "µs/call", "x openapi-fetch + bearer"],
      rows.map((r) => [r.variant, r.microsecondsPerCall.toFixed(1), r.ratio.toFixed(3)]),
    );
  const { processes, rounds, cpuCalls, loopbackCalls } = result.plan;
  return [
    `Figures of one \`${result.mode}\` run of \`pnpm bench\` on ${result.date.slice(0, 16).replace("T", " ")} UTC, ${result.cpu} (${result.cores} cores), Node ${result.node}; in \`bench-results/latest.json\`. Medians of ${processes * rounds} rounds (${rounds} in each of ${processes} processes).`,
    `\n\`client.GET\` against bare openapi-fetch with a bearer middleware (targets: at most 1.25x CPU only, 1.05x over loopback): ${PATHS.map(
      (path) =>
        `${path} ${ratioOf(result.cpuOnly, path)}x CPU only (attempt floor ${ratioOf(result.cpuOnly, path, FLOOR)}x; the client ${ratioOf(result.cpuOnly, path, undefined, "ratioToFloor")}x its floor), ${ratioOf(result.loopback, path)}x over loopback`,
    ).join("; ")}.`,
    `\n**CPU only** (fetch stubbed, the process's CPU time, ${cpuCalls} calls per variant and round):\n\n${speed(result.cpuOnly)}`,
    `\n**Loopback HTTP** (${loopbackCalls} sequential calls per variant and round):\n\n${speed(result.loopback)}`,
    `\n**Workspace cache** (default bound 1,000 workspace clients; after garbage collection):\n\n${table(
      ["workspaces requested", "scoped mints", "workspace clients alive", "heap above baseline"],
      result.memory.map(({ workspacesRequested, mints, liveWorkspaceClients, heapBytes }) => [
        ...[workspacesRequested, mints, liveWorkspaceClients].map((count) => count.toLocaleString("en-US")),
        `${(heapBytes / 2 ** 20).toFixed(2)} MiB`,
      ]),
    )}`,
    `\n**A fleet sharing tokens** (${result.plan.fleet.instances} processes, each calling ${result.plan.fleet.workspaces} workspaces at once, cold; first-call latency over loopback):\n\n${table(
      ["token store", "exchanges", "scoped mints", "first call, median", "first call, slowest"],
      result.tokenStore.map((r) => [
        r.store === "redis" ? "Redis (shared)" : "none (each process its own)",
        r.exchanges,
        r.mints,
        ...[r.firstCallMedianMs, r.firstCallMaxMs].map((ms) => `${ms.toFixed(0)} ms`),
      ]),
    )}`,
  ].join("\n");
}

async function main(mode) {
  const plan = PLANS[mode];
  // Served from this process, which only waits while a child measures.
  const server = await serve(createFakeApi({ ...CREDENTIALS, log: false }));
  const pooled = [];
  try {
    for (let i = 0; i < plan.processes; i++)
      pooled.push((await child("measure", { plan, url: server.url })).message);
  } finally {
    await server.close();
  }
  const { message: memory } = await child("memory", plan.memory, ["--expose-gc"]);
  const tokenStore = await fleet(plan.fleet);
  const result = {
    mode,
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    plan,
    cpuOnly: summarize(pooled.flatMap((measured) => measured.cpuOnly)),
    loopback: summarize(pooled.flatMap((measured) => measured.loopback)),
    memory,
    tokenStore,
  };
  const figures = render(result);
  console.log(figures);
  if (memory.some((m) => m.mints !== m.workspacesRequested || m.liveWorkspaceClients > 1000))
    throw new Error("the workspace cache kept more than its bound or minted the wrong count");
  const shared = tokenStore.find((row) => row.store === "redis");
  if (shared.exchanges !== 1 || shared.mints !== plan.fleet.workspaces)
    throw new Error(`the fleet with a store made ${shared.exchanges} exchanges and ${shared.mints} mints`);
  if (mode === "short") return;
  const results = new URL("../bench-results/latest.json", import.meta.url);
  writeFileSync(results, `${JSON.stringify(result, null, 2)}\n`);
  const page = new URL("../docs/performance.md", import.meta.url);
  const marked = /(?<=<!-- figures: written by pnpm bench -->\n)[\s\S]*?(?=<!-- \/figures -->)/;
  const text = readFileSync(page, "utf8").replace(marked, () => `${figures}\n`);
  writeFileSync(page, text);
  console.log("\nwrote bench-results/latest.json and docs/performance.md");
}

const [role, argument] = process.argv.slice(2);
const ROLES = { measure: measureProcess, memory: measureMemory, instance: fleetInstance };
if (process.argv[1] !== SELF) {
  // imported (bench.test.mjs): nothing runs
} else if (ROLES[role]) {
  process.send(await ROLES[role](JSON.parse(argument)), () => process.exit(0));
} else await main(role === "--short" ? "short" : "full");

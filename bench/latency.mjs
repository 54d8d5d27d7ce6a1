// Per-call cost of four ways to make the same GET, measured in interleaved rounds: every
// round runs every variant (in an order where each variant follows each other one equally
// often), and figures are medians across rounds, so a noisy moment on a shared machine hits
// all variants alike instead of skewing one.
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { CREDENTIALS, PATHS } from "./fake-api.mjs";
import { interleavedRounds, mean, median, percentile, runPool } from "./stats.mjs";

export const BASELINE = "openapi-fetch";

async function exchangeToken(baseUrl) {
  const response = await fetch(baseUrl + PATHS.applicationToken, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ client_id: CREDENTIALS.clientId, client_secret: CREDENTIALS.clientSecret }),
  });
  if (!response.ok) throw new Error(`token exchange answered ${response.status}`);
  return (await response.json()).access_token;
}

function expectTwoDefinitions(definitions, variant) {
  if (!Array.isArray(definitions) || definitions.length !== 2) {
    throw new Error(`${variant}: expected the seed's two definitions, got ${JSON.stringify(definitions)}`);
  }
}

/** Each variant sends the same authenticated GET and reads the parsed definitions. */
async function createVariants(baseUrl) {
  const url = baseUrl + PATHS.sourceDefinitions;
  const token = await exchangeToken(baseUrl);
  const authorization = `Bearer ${token}`;
  const bare = createClient({ baseUrl, headers: { Authorization: authorization } });
  const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl });
  // Warm: the token exchange happens here, not inside a measured call.
  expectTwoDefinitions(await client.listSourceDefinitions(), "warm-up");

  return [
    {
      name: "raw fetch",
      async call() {
        const response = await fetch(url, { headers: { Authorization: authorization } });
        if (response.status !== 200) throw new Error(`raw fetch answered ${response.status}`);
        expectTwoDefinitions((await response.json()).definitions, "raw fetch");
      },
    },
    {
      name: BASELINE,
      async call() {
        const { data, response } = await bare.GET(PATHS.sourceDefinitions);
        if (response.status !== 200) throw new Error(`openapi-fetch answered ${response.status}`);
        expectTwoDefinitions(data.definitions, BASELINE);
      },
    },
    {
      name: "client.GET",
      async call() {
        const { data, response } = await client.GET(PATHS.sourceDefinitions);
        if (response.status !== 200) throw new Error(`client.GET answered ${response.status}`);
        expectTwoDefinitions(data.definitions, "client.GET");
      },
    },
    {
      name: "listSourceDefinitions",
      async call() {
        expectTwoDefinitions(await client.listSourceDefinitions(), "listSourceDefinitions");
      },
    },
  ];
}

async function sequential(variant, calls) {
  const durations = new Array(calls);
  const start = performance.now();
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    await variant.call();
    durations[i] = performance.now() - t0;
  }
  const elapsed = performance.now() - start;
  return {
    callsPerSecond: (calls / elapsed) * 1000,
    meanMs: mean(durations),
    p50Ms: median(durations),
    p99Ms: percentile(durations, 99),
  };
}

async function concurrent(variant, calls, concurrency) {
  const start = performance.now();
  await runPool(calls, concurrency, () => variant.call());
  return (calls / (performance.now() - start)) * 1000;
}

/**
 * `rounds` measured rounds after one discarded warm-up round; each round runs every variant
 * for `calls` sequential calls, then for `calls` calls `concurrency` at a time. Each round
 * comes back as [variant name, figures] pairs, which survive the trip over IPC.
 */
export async function measureLatencyRounds({ baseUrl, rounds, calls, concurrency }) {
  const variants = await createVariants(baseUrl);
  const measured = await interleavedRounds(variants, rounds, async (variant) => {
    const seq = await sequential(variant, calls);
    return { ...seq, concurrentCallsPerSecond: await concurrent(variant, calls, concurrency) };
  });
  // In the variants' own order, whatever order each round ran them in.
  return measured.map((results) => variants.map(({ name }) => [name, results.get(name)]));
}

/** Each variant's medians across `rounds` (from one process or several), ratios taken within a round. */
export function summarizeLatency(rounds) {
  const perRound = new Map();
  for (const round of rounds) {
    const results = new Map(round);
    const baseline = results.get(BASELINE);
    for (const [name, r] of results) {
      if (!perRound.has(name)) perRound.set(name, []);
      perRound
        .get(name)
        .push({ ...r, ratio: r.meanMs / baseline.meanMs, overheadUs: (r.meanMs - baseline.meanMs) * 1000 });
    }
  }
  return [...perRound].map(([name, rs]) => {
    const pick = (key) => median(rs.map((r) => r[key]));
    return {
      variant: name,
      callsPerSecond: pick("callsPerSecond"),
      p50Ms: pick("p50Ms"),
      p99Ms: pick("p99Ms"),
      meanMs: pick("meanMs"),
      ratioToOpenapiFetch: pick("ratio"),
      overheadUsVsOpenapiFetch: pick("overheadUs"),
      concurrentCallsPerSecond: pick("concurrentCallsPerSecond"),
    };
  });
}

// Forked by run.mjs, once per process of the plan: the plan comes as the argument, the rounds go back over IPC.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.on("disconnect", () => process.exit(1));
  measureLatencyRounds(JSON.parse(process.argv[2])).then(
    (results) => process.send({ results }, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

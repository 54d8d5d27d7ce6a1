// CPU cost per call, without a network: the same GET against a stubbed fetch that answers at
// once with a fresh Response, in one process, in interleaved rounds. The baseline is bare
// openapi-fetch with a bearer-token middleware, the least a hand-written client would do; the
// loopback figures (latency.mjs) include the HTTP stack, which hides the client's own share.
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import createClient from "openapi-fetch";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { CREDENTIALS, PATHS } from "./fake-api.mjs";
import { interleavedRounds, median } from "./stats.mjs";

export const CPU_BASELINE = "openapi-fetch + bearer middleware";
const BASE_URL = "http://bench.invalid";
const DEFINITIONS_BODY = JSON.stringify({ definitions: [{ name: "GitHub" }, { name: "Salesforce" }] });
const TOKEN_BODY = JSON.stringify({ access_token: "cpu-bench-token", token_type: "bearer", expires_in: 900 });

/** Answers at once, like a server on the same CPU with no work to do. */
async function stubbedFetch(input) {
  const url = typeof input === "string" ? input : input.url;
  const body = url.endsWith(PATHS.applicationToken) ? TOKEN_BODY : DEFINITIONS_BODY;
  return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
}

function expectTwo(data, variant) {
  if (data?.definitions?.length !== 2)
    throw new Error(`${variant}: expected two definitions, got ${JSON.stringify(data)}`);
}

/**
 * `rounds` interleaved rounds (after a discarded warm-up) of `calls` calls per variant. Both
 * variants send through the platform's fetch, as they would in production, so the stub
 * stands in for `globalThis.fetch` while this runs (openapi-fetch reads it when the client is
 * created; the client's transport when it sends).
 */
export async function measureCpuRounds({ rounds, calls }) {
  const platformFetch = globalThis.fetch;
  globalThis.fetch = stubbedFetch;
  try {
    const bare = createClient({ baseUrl: BASE_URL });
    bare.use({
      onRequest({ request }) {
        request.headers.set("Authorization", "Bearer cpu-bench-token");
      },
    });
    const client = createAgentEngineClient({ ...CREDENTIALS, baseUrl: BASE_URL });
    const variants = [
      {
        name: CPU_BASELINE,
        call: async () => expectTwo((await bare.GET(PATHS.sourceDefinitions)).data, CPU_BASELINE),
      },
      {
        name: "client.GET",
        call: async () => expectTwo((await client.GET(PATHS.sourceDefinitions)).data, "client.GET"),
      },
      {
        name: "listSourceDefinitions",
        call: async () =>
          expectTwo({ definitions: await client.listSourceDefinitions() }, "listSourceDefinitions"),
      },
    ];
    await variants[1].call(); // the token exchange happens here, not inside a measured call
    const measured = await interleavedRounds(variants, rounds, async (variant) => {
      const start = performance.now();
      for (let i = 0; i < calls; i++) await variant.call();
      return ((performance.now() - start) / calls) * 1000;
    });
    // [variant name, µs per call] pairs in the variants' own order, which survive IPC.
    return measured.map((microseconds) => variants.map(({ name }) => [name, microseconds.get(name)]));
  } finally {
    globalThis.fetch = platformFetch;
  }
}

/** Each variant's medians across `rounds` (from one process or several), ratios taken within a round. */
export function summarizeCpu(rounds) {
  const perRound = new Map();
  for (const round of rounds) {
    const baseline = new Map(round).get(CPU_BASELINE);
    for (const [name, us] of round) {
      if (!perRound.has(name)) perRound.set(name, []);
      perRound.get(name).push({ us, ratio: us / baseline });
    }
  }
  return [...perRound].map(([name, rs]) => ({
    variant: name,
    microsecondsPerCall: median(rs.map((r) => r.us)),
    ratioToBaseline: median(rs.map((r) => r.ratio)),
  }));
}

// Forked by run.mjs, once per process of the plan: the plan comes as the argument, the rounds go back over IPC.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) {
  process.on("disconnect", () => process.exit(1));
  measureCpuRounds(JSON.parse(process.argv[2])).then(
    (results) => process.send({ results }, () => process.exit(0)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

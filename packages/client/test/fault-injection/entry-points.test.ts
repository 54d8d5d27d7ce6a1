// Every public entry point through every fault, at its own path and at the token exchange it
// needs. Each case checks what the docs promise for that fault: the error's class (or the answer
// openapi-fetch hands back), the attempts sent, an end within the documented bound, no token or
// secret in any error or middleware view, and nothing left that would keep the process alive.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AgentEngineError, ApiError } from "../../src/index.js";
import { ENTRY_POINTS, type Trait } from "./entry-points.js";
import { CLIENT_SECRET, TOKEN_PATH, type Fault } from "./fault-server.js";
import {
  beyond,
  clientFor,
  collectUnhandledRejections,
  keepingAlive,
  leftBehind,
  settleDown,
  timed,
  useFaultServer,
} from "./guards.js";

const unhandled = collectUnhandledRejections();
const server = useFaultServer();

/** What a token or the secret looks like in this server's answers. */
const SECRETS = new RegExp(`${CLIENT_SECRET}|(?:app-token|scoped|widget|slow)-\\d`);
/**
 * The timeout of the attempts a fault is meant to time out. Every other step (the exchange a
 * call needs, an answer's headers) gets WAIT_MS, so that a busy machine cannot time it out.
 */
const TIMEOUT_MS = 200;
/** Short backoff, so that a mint waiting one attempt's time for the exchange sees its two quick attempts end. */
const MAX_DELAY_MS = 10;
/** The caller's deadline, the documented way to bound a body the caller reads. */
const DEADLINE_MS = 600;
/** Longer than any step takes: a call waiting for a mint ends with the mint's own outcome. */
const WAIT_MS = 5_000;
/** For a busy machine; a wedged call (the platform gives up after 5 minutes) still fails. */
const SLACK_MS = 2_000;

/**
 * At the token exchange, a call is `safe`, `mint`, `waits` and `exchange` (it sends no token, so
 * a 401 gets no replay); `nested` when a mint between them waits one attempt's time for it.
 */
type Traits = Set<Trait | "exchange" | "nested">;
/** What a fault ends a call in: its error's class (with the status), and the attempts sent. */
type Outcome = (traits: Traits) => [kind: string, attempts: number];

const tries = (t: Traits) => (t.has("safe") ? 2 : 1);
const timedOut: Outcome = (t) => ["RequestTimeoutError", t.has("nested") ? 1 : tries(t)];
const status = (t: Traits, error: string, code: number) =>
  t.has("answers") ? `returned ${code}` : `${error} ${code}`;
/** A body the client reads itself is bounded by the attempt; one the caller reads, by its deadline. */
const slowBody: Outcome = (t) => (t.has("mint") ? timedOut(t) : ["RequestAbortedError", 1]);

const FAULTS: [string, Fault, Outcome][] = [
  ["a hang", { hang: true }, timedOut],
  ["a stalled body", { stallBody: true }, slowBody],
  ["a trickling body", { slowBody: { pieces: 40, intervalMs: 100 } }, slowBody],
  ["a reset", { reset: true }, (t) => ["ConnectionError", tries(t)]],
  // A 401 gets one replay with a fresh token; the exchange sends none, so it has no replay.
  [
    "401",
    { status: 401, body: '{"detail":"Invalid authentication credentials"}' },
    (t) => [status(t, "AuthenticationError", 401), t.has("exchange") ? 1 : 2],
  ],
  [
    "429",
    { status: 429, headers: { "retry-after": "0" } },
    (t) => [status(t, "RateLimitError", 429), tries(t)],
  ],
  ["503", { status: 503 }, (t) => [status(t, "ServerError", 503), tries(t)]],
  [
    "a redirect to another origin",
    { redirect: 307, location: "http://127.0.0.2:9/elsewhere" },
    (t) => [status(t, "ApiError", 307), 1],
  ],
];

/** The class of what a call threw (with its status), or the status openapi-fetch handed back. */
function kindOf(result: { value?: unknown; error?: unknown }): string {
  if (!(result.error instanceof Error))
    return `returned ${(result.value as { response?: Response } | undefined)?.response?.status}`;
  const { error } = result;
  return error instanceof ApiError ? `${error.name} ${error.status}` : error.name;
}

describe.each(FAULTS)("%s", (_name, fault, outcome) => {
  it.each(
    ENTRY_POINTS.flatMap(([entry, path, traits, call]) => [
      [`${entry}, at its own path`, path, new Set(traits) as Traits, call] as const,
      [
        `${entry}, at the token exchange`,
        TOKEN_PATH,
        new Set([
          "safe",
          "mint",
          "waits",
          "exchange",
          ...(traits.includes("waits") ? ["nested"] : []),
        ]) as Traits,
        call,
      ] as const,
    ]),
  )(
    "%s: a typed outcome within its bound, telling no secret, leaving nothing behind",
    async (_entry, path, traits, call) => {
      const baseline = keepingAlive();
      const [kind, attempts] = outcome(traits);
      const timesOut = kind === "RequestTimeoutError";
      // A mint the call waits for runs with the client's timeout; the call's own request, with its own.
      const atMint = path === TOKEN_PATH || traits.has("waits");
      const timeoutMs = timesOut ? TIMEOUT_MS : WAIT_MS;
      const client = clientFor(server, {
        timeoutMs: atMint ? timeoutMs : WAIT_MS,
        retry: { baseDelayMs: 5, maxDelayMs: MAX_DELAY_MS, maxRetries: 1 },
      });
      // The application token is at hand before the fault, unless the fault is at its exchange.
      if (path !== TOKEN_PATH) await client.GET("/api/v1/account/applications/scoped-token/info");
      server.script(path, fault, fault, fault, fault);
      const views: string[] = [];
      // Read beside the call, not awaited: a middleware that waits for a stalled body stalls the call.
      const bodies: Promise<unknown>[] = [];
      client.use({
        onRequest({ request }) {
          views.push(request.url, [...request.headers].join(" "));
        },
        onResponse({ response }) {
          views.push([...response.headers].join(" "));
          bodies.push(
            response
              .clone()
              .text()
              .then((text) => views.push(text), String),
          );
        },
      });
      const signal = AbortSignal.timeout(kind === "RequestAbortedError" ? DEADLINE_MS : WAIT_MS);
      const result = await timed(call(client, { signal, timeoutMs: atMint ? WAIT_MS : timeoutMs }));
      expect(kindOf(result)).toBe(kind);
      expect(server.count(path)).toBe(attempts);
      const bound = kind === "RequestAbortedError" ? DEADLINE_MS : attempts * (timeoutMs + MAX_DELAY_MS);
      expect(result.ms).toBeLessThan(bound + SLACK_MS);
      if (result.error !== undefined) {
        expect(result.error).toBeInstanceOf(AgentEngineError);
        const error = result.error as Error;
        views.push(error.message, String(error.stack), inspect(error, { depth: 6 }), JSON.stringify(error));
      } else views.push(inspect(result.value, { depth: 6 }));
      await Promise.all(bodies);
      expect(views.join("\n")).not.toMatch(SECRETS);
      // No timer of the client's outlives the call (but the short grace after which the exchange a
      // mint gave up waiting for is cancelled); closing sockets get the 1 s a process may take to exit.
      if (!traits.has("nested")) expect(beyond(baseline, ["Timeout"])).toEqual([]);
      expect(await leftBehind(baseline)).toEqual([]);
    },
    20_000,
  );
});

it("leaves nothing unhandled", async () => {
  await settleDown();
  expect(unhandled).toEqual([]);
});

// Every public entry point through every fault, at its own path and at the token exchange it
// needs: each call settles within a few seconds with a typed error (or the server's answer, for
// the openapi-fetch methods), and no error or middleware view holds a token or the secret.
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { AgentEngineError, type AgentEngineClient } from "../../src/index.js";
import {
  CLIENT_SECRET,
  DEFINITIONS_PATH,
  SCOPED_PATH,
  TOKEN_PATH,
  WIDGET_PATH,
  type Fault,
} from "./fault-server.js";
import { clientFor, collectUnhandledRejections, settleDown, timed, useFaultServer } from "./guards.js";

const unhandled = collectUnhandledRejections();
const server = useFaultServer();

const ID = "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d";
const EXECUTE_PATH = `/api/v1/integrations/connectors/${ID}/execute`;
/** What a token or the secret looks like in this server's answers. */
const SECRETS = new RegExp(`${CLIENT_SECRET}|(?:app-token|scoped|widget|slow)-\\d`);
/** Each attempt's bound, and a bound for a whole call's body (the documented way to bound one). */
const TIMEOUT_MS = 200;
const BODY_DEADLINE_MS = 1_500;

type Call = (client: AgentEngineClient, signal: AbortSignal) => Promise<unknown>;

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) if (++count > 20) break;
  return count;
}

const execute = { entity: "issues", action: "list" } as never;
const ENTRY_POINTS: [string, string, Call][] = [
  ["GET", DEFINITIONS_PATH, (c, signal) => c.GET(DEFINITIONS_PATH, { signal })],
  [
    "POST",
    EXECUTE_PATH,
    (c, signal) =>
      c.POST("/api/v1/integrations/connectors/{id}/execute", {
        params: { path: { id: ID } },
        body: execute,
        signal,
      }),
  ],
  ["a resource's JSON answer", `/api/v1/workspaces/${ID}`, (c, signal) => c.workspaces.get(ID, { signal })],
  ["a resource's bytes", EXECUTE_PATH, (c, signal) => c.connectors.download(ID, execute, { signal })],
  ["pages by next URL", "/api/v1/workspaces", (c, signal) => drain(c.workspaces.list({}, { signal }))],
  ["pages by cursor", EXECUTE_PATH, (c, signal) => drain(c.connectors.executePages(ID, execute, { signal }))],
  ["listSourceDefinitions", DEFINITIONS_PATH, (c, signal) => c.listSourceDefinitions({}, { signal })],
  [
    "createScopedToken",
    SCOPED_PATH,
    (c, signal) => c.createScopedToken({ workspaceName: "acme" }, { signal }),
  ],
  [
    "createWidgetToken",
    WIDGET_PATH,
    (c, signal) =>
      c.createWidgetToken({ workspaceName: "acme", allowedOrigin: "https://app.example" }, { signal }),
  ],
  [
    "forWorkspace's scoped mint",
    SCOPED_PATH,
    (c, signal) => c.forWorkspace("acme").GET(DEFINITIONS_PATH, { signal }),
  ],
];

const FAULTS: [string, Fault][] = [
  ["a hang", { hang: true }],
  ["a stalled body", { stallBody: true }],
  ["a trickling body", { slowBody: { pieces: 40, intervalMs: 100 } }],
  ["a reset", { reset: true }],
  ["401", { status: 401, body: '{"detail":"Invalid authentication credentials"}' }],
  ["429", { status: 429, headers: { "retry-after": "0" } }],
  ["503", { status: 503 }],
  ["a redirect to another origin", { redirect: 307, location: "http://127.0.0.2:9/elsewhere" }],
];

describe.each(FAULTS)("%s", (_name, fault) => {
  it.each(
    ENTRY_POINTS.flatMap(([entry, path, call]) => [
      [`${entry}, at its own path`, path, call] as const,
      [`${entry}, at the token exchange`, TOKEN_PATH, call] as const,
    ]),
  )(
    "%s settles with a typed outcome, telling no secret",
    async (_entry, path, call) => {
      server.script(path, fault, fault, fault, fault);
      const client = clientFor(server, {
        timeoutMs: TIMEOUT_MS,
        retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetries: 1 },
      });
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
      const result = await timed(call(client, AbortSignal.timeout(BODY_DEADLINE_MS)));
      expect(result.ms).toBeLessThan(10_000);
      if (result.error !== undefined) {
        expect(result.error).toBeInstanceOf(AgentEngineError);
        const error = result.error as Error;
        views.push(error.message, String(error.stack), inspect(error, { depth: 6 }), JSON.stringify(error));
      } else views.push(inspect(result.value, { depth: 6 }).replace(/token: '[^']*'/g, ""));
      await Promise.all(bodies);
      expect(views.join("\n")).not.toMatch(SECRETS);
      server.clear();
    },
    20_000,
  );
});

it("leaves nothing unhandled", async () => {
  await settleDown();
  expect(unhandled).toEqual([]);
});

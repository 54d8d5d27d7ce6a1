// openapi-fetch's own behaviours hold through the client (issue 11). The scenarios port those
// of openapi-fetch's test suite (packages/openapi-fetch/test: middleware/, parseAs in
// common/response, querySerializer in common/params, and aborts) onto the spec's paths. Each
// is written once and run twice against a real server on 127.0.0.1: on bare openapi-fetch
// 0.17.0 with a bearer middleware, and on createAgentEngineClient. Both must give the
// scenario's expected outcome, and the client's must equal bare openapi-fetch's.
//
// Where the client differs on purpose, outcomes compare what the caller can rely on: the
// client turns a failed fetch into a typed error that keeps the original as its `cause`, so a
// scenario records whether the thrown error *reaches* the original, not its class.
import type { Middleware, QuerySerializerOptions } from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FetchLike } from "../src/index.js";
import {
  startEchoServer,
  TRICKLE_CHUNKS,
  TRICKLE_INTERVAL_MS,
  type EchoServer,
} from "./helpers/echo-server.js";
import {
  agentEngineClient,
  bareOpenapiFetch,
  onTheWire,
  readOnAfterAbort,
  reaches,
  settleWithin,
  watchTimers,
  type Api,
  type Variant,
} from "./helpers/parity.js";

const SOURCES = "/api/v1/integrations/definitions/sources";
const SCOPED = "/api/v1/account/applications/scoped-token";
const INFO = "/api/v1/account/applications/scoped-token/info";

/** A generous bound on "promptly": bare openapi-fetch takes about a millisecond, the trickle lasts 15 s. */
const PROMPTLY_MS = 8_000;
const SCENARIO_TIMEOUT_MS = 30_000;

let server: EchoServer;
beforeAll(async () => {
  server = await startEchoServer();
  // The bound must stay well under the trickle, or a stream that merely ended would look aborted.
  expect(TRICKLE_CHUNKS * TRICKLE_INTERVAL_MS).toBeGreaterThan(PROMPTLY_MS + 5_000);
});
afterAll(async () => {
  await server?.close();
});

type Outcome = Record<string, unknown>;

interface Env {
  server: EchoServer;
  /** The calls the server saw (token exchanges left out), as `onTheWire` shows them. */
  wire(): ReturnType<typeof onTheWire>[];
}

interface Scenario {
  name: string;
  /** The fetch both sides send with, instead of the platform's. */
  fetch?: FetchLike;
  run(api: Api, env: Env): Promise<Outcome>;
  /** The outcome on both sides (asymmetric matchers allowed); `timersLeftRunning: 0` is added. */
  expected: Outcome;
}

/** Runs one scenario on one side, between two server resets that close every connection. */
async function play(scenario: Scenario, variant: Variant): Promise<Outcome> {
  await server.reset();
  const timers = watchTimers();
  const api = variant.create(server, scenario.fetch);
  const env: Env = {
    server,
    wire: () => server.calls().map((seen) => onTheWire(seen, variant.bearer(server))),
  };
  let timersLeftRunning: number;
  let outcome: Outcome;
  try {
    outcome = await scenario.run(api, env);
  } finally {
    await server.reset();
    // A settled call must leave nothing that keeps the process alive (issue 11 #3).
    await new Promise((resolve) => setImmediate(resolve));
    timersLeftRunning = timers.stop();
  }
  return { ...outcome, timersLeftRunning };
}

function defineScenarios(group: string, scenarios: Scenario[]): void {
  describe(group, () => {
    for (const scenario of scenarios) {
      describe(scenario.name, () => {
        let bare: Promise<Outcome> | undefined;
        const playBare = () => (bare ??= play(scenario, bareOpenapiFetch));
        const expected = { ...scenario.expected, timersLeftRunning: 0 };

        it(bareOpenapiFetch.name, { timeout: SCENARIO_TIMEOUT_MS }, async () => {
          expect(await playBare()).toEqual(expected);
        });

        it(`${agentEngineClient.name}: same outcome`, { timeout: 2 * SCENARIO_TIMEOUT_MS }, async () => {
          const ours = await play(scenario, agentEngineClient);
          expect(ours).toEqual(expected);
          expect(ours).toEqual(await playBare());
        });
      });
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const echoOf = (path: string, extra: Record<string, unknown> = {}) => ({
  method: "GET",
  path,
  search: "",
  authorization: "<bearer>",
  headers: {},
  body: "",
  ...extra,
});

/** Throws for the calls marked `x-fetch: throw`: a fetch that failed, whatever the reason. */
const FETCH_FAILURE = new Error("the network failed on purpose");
const failingFetch: FetchLike = (request, init) =>
  request.headers.get("x-fetch") === "throw" ? Promise.reject(FETCH_FAILURE) : fetch(request, init);
const FAIL = { "x-fetch": "throw" };

async function rejection(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  return "(resolved)";
}

// ---------------------------------------------------------------------------------------------
// test/middleware/middleware.test.ts

defineScenarios("middleware", [
  {
    name: "receives an id per request, the same in onRequest and onResponse",
    async run(api) {
      const onRequest: string[] = [];
      const onResponse: string[] = [];
      api.use({
        onRequest({ id }) {
          onRequest.push(id);
        },
        onResponse({ id }) {
          onResponse.push(id);
        },
      });
      for (let call = 0; call < 3; call++) await api.GET(SOURCES);
      return {
        calls: onRequest.length,
        sameIdInBothHooks: onRequest.map((id, call) => id === onResponse[call]),
        idsDistinct: new Set(onRequest).size,
        idIsText: onRequest.every((id) => typeof id === "string" && id !== ""),
      };
    },
    expected: { calls: 3, sameIdInBothHooks: [true, true, true], idsDistinct: 3, idIsText: true },
  },
  {
    // issue 11 #1: openapi-fetch's documented way to change a request.
    name: "onRequest returning new Request(request, { headers }) is sent as returned",
    async run(api, env) {
      api.use({
        onRequest({ request }) {
          const headers = new Headers(request.headers);
          headers.set("x-replaced", "yes");
          return new Request(request, { headers });
        },
      });
      const { data, error, response } = await api.GET(SOURCES, {
        params: { query: { name: "git" } },
        headers: { "x-on-fetch": "kept" },
      });
      return {
        status: response.status,
        error,
        dataPath: (data as { path?: string } | undefined)?.path,
        wire: env.wire(),
      };
    },
    expected: {
      status: 200,
      error: undefined,
      dataPath: SOURCES,
      wire: [
        echoOf(SOURCES, { search: "?name=git", headers: { "x-on-fetch": "kept", "x-replaced": "yes" } }),
      ],
    },
  },
  {
    // openapi-fetch's "can modify request": another URL and method, built from scratch.
    name: "onRequest returning a Request for another path and method is sent as returned",
    async run(api, env) {
      api.use({
        onRequest() {
          return new Request(`${env.server.url}${INFO}`, { method: "GET", headers: { foo: "bar" } });
        },
      });
      const { response } = await api.POST(SCOPED, { body: { workspace_name: "acme" } });
      return { status: response.status, wire: env.wire() };
    },
    expected: { status: 200, wire: [echoOf(INFO, { headers: { foo: "bar" } })] },
  },
  {
    // issue 11 #3: the returned Response replaces the answer, whose body nobody reads.
    name: "onResponse returning a new Response is honoured, and nothing is left running",
    async run(api) {
      let replacement: Response | undefined;
      api.use({
        onResponse() {
          replacement = Response.json({ replaced: true }, { status: 201, headers: { "x-replaced": "yes" } });
          return replacement;
        },
      });
      const { data, response } = await api.GET(SOURCES);
      return {
        data,
        status: response.status,
        isTheReplacement: response === replacement,
        header: response.headers.get("x-replaced"),
      };
    },
    expected: { data: { replaced: true }, status: 201, isTheReplacement: true, header: "yes" },
  },
  {
    name: "onResponse can read the answer and return a modified one (openapi-fetch's 'can modify response')",
    async run(api) {
      api.use({
        async onResponse({ response }) {
          const body = (await response.json()) as Record<string, unknown>;
          const headers = new Headers(response.headers);
          headers.set("x-middleware", "value");
          return new Response(JSON.stringify({ ...body, modified: true }), { status: 201, headers });
        },
      });
      const { data, response } = await api.GET(SOURCES);
      const body = data as { path?: string; modified?: boolean } | undefined;
      return {
        path: body?.path,
        modified: body?.modified,
        status: response.status,
        serverHeader: response.headers.get("x-server"),
        middlewareHeader: response.headers.get("x-middleware"),
      };
    },
    expected: { path: SOURCES, modified: true, status: 201, serverHeader: "echo", middlewareHeader: "value" },
  },
  {
    name: "onRequest in order, onResponse in reverse, request-level middleware last",
    async run(api, env) {
      const order: string[] = [];
      const step = (name: string): Middleware => ({
        onRequest({ request }) {
          order.push(`request ${name}`);
          request.headers.set("x-step", name);
          return request;
        },
        onResponse({ response }) {
          order.push(`response ${name} after ${response.headers.get("x-step") ?? "server"}`);
          // A fetched Response's headers are immutable: a middleware changes them by returning a new one.
          const headers = new Headers(response.headers);
          headers.set("x-step", name);
          return new Response(response.body, {
            status: response.status,
            statusText: response.statusText,
            headers,
          });
        },
      });
      api.use(step("A"), step("B"), step("C"));
      const { data, response } = await api.GET(SOURCES, { middleware: [step("D")] });
      return {
        order,
        answerStep: response.headers.get("x-step"),
        serverStep: env.wire()[0]?.headers["x-step"],
        path: (data as { path?: string }).path,
      };
    },
    expected: {
      order: [
        "request A",
        "request B",
        "request C",
        "request D",
        "response D after server",
        "response C after D",
        "response B after C",
        "response A after B",
      ],
      answerStep: "A",
      serverStep: "D",
      path: SOURCES,
    },
  },
  {
    name: "receives schemaPath, params and options",
    async run(api, env) {
      const seen: Array<Record<string, unknown>> = [];
      api.use({
        onRequest({ schemaPath, params, options }) {
          seen.push({
            schemaPath,
            params,
            baseUrl: options.baseUrl.replace(env.server.url, "<server>"),
            parseAs: options.parseAs,
          });
        },
      });
      const organization = { "X-Organization-Id": "12345678-1234-1234-1234-123456789012" };
      await api.POST(SCOPED, { params: { header: organization }, body: { workspace_name: "acme" } });
      await api.GET(SOURCES, { params: { query: { name: "git" } }, parseAs: "text" });
      return { seen, wire: env.wire() };
    },
    expected: {
      seen: [
        {
          schemaPath: SCOPED,
          params: { header: { "X-Organization-Id": "12345678-1234-1234-1234-123456789012" } },
          baseUrl: "<server>",
          parseAs: "json",
        },
        { schemaPath: SOURCES, params: { query: { name: "git" } }, baseUrl: "<server>", parseAs: "text" },
      ],
      wire: [
        echoOf(SCOPED, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-organization-id": "12345678-1234-1234-1234-123456789012",
          },
          body: '{"workspace_name":"acme"}',
        }),
        echoOf(SOURCES, { search: "?name=git" }),
      ],
    },
  },
  {
    name: "onResponse receives the request that was sent, as a Request",
    async run(api, env) {
      let seen: Record<string, unknown> = {};
      api.use({
        onResponse({ request, response }) {
          seen = {
            isRequest: request instanceof Request,
            method: request.method,
            url: request.url.replace(env.server.url, "<server>"),
            status: response.status,
          };
        },
      });
      await api.GET(SOURCES, { params: { query: { name: "git" } } });
      return seen;
    },
    expected: { isRequest: true, method: "GET", url: `<server>${SOURCES}?name=git`, status: 200 },
  },
  {
    name: "onRequest returning undefined leaves the request as it was",
    async run(api, env) {
      api.use({ onRequest: () => undefined });
      const { data } = await api.GET(SOURCES);
      return { path: (data as { path?: string }).path, wire: env.wire() };
    },
    expected: { path: SOURCES, wire: [echoOf(SOURCES)] },
  },
  {
    name: "an ejected middleware is not called",
    async run(api) {
      let called = false;
      const middleware: Middleware = {
        onRequest() {
          called = true;
          throw new Error("an ejected middleware ran");
        },
      };
      api.use(middleware);
      api.eject(middleware);
      const { response } = await api.GET(SOURCES);
      return { called, status: response.status };
    },
    expected: { called: false, status: 200 },
  },
  {
    name: "keeps (and can add) headers through every middleware and onto the wire",
    async run(api, env) {
      const seen: Array<[string, string | null, string | null]> = [];
      const look = (hook: string, request: Request) =>
        seen.push([hook, request.headers.get("x-on-fetch"), request.headers.get("x-on-request")]);
      api.use(
        {
          onRequest({ request }) {
            look("first onRequest", request);
            request.headers.set("x-on-request", "exists");
            return request;
          },
          onResponse({ request }) {
            look("onResponse", request);
          },
        },
        {
          onRequest({ request }) {
            look("second onRequest", request);
          },
        },
      );
      await api.GET(SOURCES, { headers: { "x-on-fetch": "exists" } });
      return { seen, wire: env.wire() };
    },
    expected: {
      seen: [
        ["first onRequest", "exists", null],
        ["second onRequest", "exists", "exists"],
        ["onResponse", "exists", "exists"],
      ],
      wire: [echoOf(SOURCES, { headers: { "x-on-fetch": "exists", "x-on-request": "exists" } })],
    },
  },
  {
    name: "a per-request baseUrl reaches middleware options and the wire",
    async run(api, env) {
      let baseUrl = "";
      api.use({
        onRequest({ options }) {
          baseUrl = options.baseUrl.replace(env.server.url, "<server>");
        },
      });
      await api.GET(SOURCES, { baseUrl: `${env.server.url}/prefix/` });
      return { baseUrl, wire: env.wire() };
    },
    expected: { baseUrl: "<server>/prefix", wire: [echoOf(`/prefix${SOURCES}`)] },
  },
  {
    name: "onRequest returning a Response answers the call: nothing is sent, later hooks are skipped",
    async run(api, env) {
      const custom = Response.json({ fromMiddleware: true });
      const later: string[] = [];
      api.use(
        {
          onRequest: () => custom,
          onResponse() {
            later.push("onResponse");
          },
        },
        {
          onRequest() {
            later.push("second onRequest");
          },
        },
      );
      const { data, response } = await api.GET(SOURCES);
      return { data, isTheCustomResponse: response === custom, later, wire: env.wire() };
    },
    expected: { data: { fromMiddleware: true }, isTheCustomResponse: true, later: [], wire: [] },
  },
  {
    name: "a request-level middleware can answer the call",
    async run(api, env) {
      const custom = Response.json({ fromRequestMiddleware: true });
      const { data, response } = await api.GET(SOURCES, { middleware: [{ onRequest: () => custom }] });
      return { data, isTheCustomResponse: response === custom, wire: env.wire() };
    },
    expected: { data: { fromRequestMiddleware: true }, isTheCustomResponse: true, wire: [] },
  },
  {
    name: "onRequest throwing rejects the call with that error, before anything is sent",
    async run(api, env) {
      const thrown = new Error("refused by middleware");
      api.use({
        onRequest() {
          throw thrown;
        },
      });
      const error = await rejection(api.GET(SOURCES));
      return { isTheThrownError: error === thrown, wire: env.wire() };
    },
    expected: { isTheThrownError: true, wire: [] },
  },
  {
    name: "onRequest returning something else throws openapi-fetch's error",
    async run(api) {
      api.use({ onRequest: () => "not a request" } as unknown as Middleware);
      const error = await rejection(api.GET(SOURCES));
      return { name: (error as Error).name, message: (error as Error).message };
    },
    expected: {
      name: "Error",
      message: "onRequest: must return new Request() or Response() when modifying the request",
    },
  },
  {
    name: "onResponse returning something else throws openapi-fetch's error",
    async run(api) {
      api.use({ onResponse: () => "not a response" } as unknown as Middleware);
      const error = await rejection(api.GET(SOURCES));
      return { name: (error as Error).name, message: (error as Error).message };
    },
    expected: {
      name: "Error",
      message: "onResponse: must return new Response() when modifying the response",
    },
  },
  {
    name: "onError returning nothing: the call rejects with (an error caused by) what fetch threw",
    fetch: failingFetch,
    async run(api) {
      const hooks: Array<Record<string, unknown>> = [];
      let requestId = "";
      api.use({
        onRequest({ id }) {
          requestId = id;
        },
        onError({ error, request, id }) {
          hooks.push({
            reachesFetchFailure: reaches(error, FETCH_FAILURE),
            isRequest: request instanceof Request,
            sameId: id === requestId,
          });
        },
      });
      const error = await rejection(api.GET(SOURCES, { headers: FAIL }));
      return { hooks, reachesFetchFailure: reaches(error, FETCH_FAILURE) };
    },
    expected: {
      hooks: [{ reachesFetchFailure: true, isRequest: true, sameId: true }],
      reachesFetchFailure: true,
    },
  },
  {
    name: "onError returning an Error: the call rejects with that Error",
    fetch: failingFetch,
    async run(api) {
      const mapped = new Error("mapped by onError");
      api.use({ onError: () => mapped });
      const error = await rejection(api.GET(SOURCES, { headers: FAIL }));
      return { isTheMappedError: error === mapped };
    },
    expected: { isTheMappedError: true },
  },
  {
    name: "onError returning a Response: the call resolves with it",
    fetch: failingFetch,
    async run(api) {
      const recovered = Response.json({ recovered: true });
      api.use({ onError: () => recovered });
      const { data, error, response } = await api.GET(SOURCES, { headers: FAIL });
      return { data, error, isTheRecoveredResponse: response === recovered };
    },
    expected: { data: { recovered: true }, error: undefined, isTheRecoveredResponse: true },
  },
  {
    name: "onError handlers run in reverse order: a mapped Error reaches the next, a Response ends it",
    fetch: failingFetch,
    async run(api) {
      const mapped = new Error("mapped by the last middleware");
      const recovered = Response.json({ recovered: true });
      let firstSawMapped = false;
      api.use({
        onError({ error }) {
          firstSawMapped = error === mapped;
          return recovered;
        },
      });
      api.use({ onError: () => mapped });
      const { response } = await api.GET(SOURCES, { headers: FAIL });
      return { firstSawMapped, isTheRecoveredResponse: response === recovered };
    },
    expected: { firstSawMapped: true, isTheRecoveredResponse: true },
  },
]);

// ---------------------------------------------------------------------------------------------
// test/common/response.test.ts: data, error and parseAs

/** The echo's JSON, from whatever form parseAs gave it in. */
const echoedPath = (text: string) => (JSON.parse(text) as { path?: string }).path;

defineScenarios("responses and parseAs", [
  {
    name: "parseAs json (default) parses the answer",
    async run(api) {
      const { data, error, response } = await api.GET(SOURCES, { params: { query: { name: "git" } } });
      const echo = data as { method?: string; path?: string; search?: string } | undefined;
      return { method: echo?.method, path: echo?.path, search: echo?.search, error, status: response.status };
    },
    expected: { method: "GET", path: SOURCES, search: "?name=git", error: undefined, status: 200 },
  },
  {
    name: "parseAs text gives the body as a string",
    async run(api) {
      const { data } = await api.GET(SOURCES, { parseAs: "text" });
      return { type: typeof data, path: echoedPath(data as string) };
    },
    expected: { type: "string", path: SOURCES },
  },
  {
    name: "parseAs arrayBuffer gives the bytes",
    async run(api) {
      const { data } = await api.GET(SOURCES, { parseAs: "arrayBuffer" });
      return {
        isArrayBuffer: data instanceof ArrayBuffer,
        path: echoedPath(new TextDecoder().decode(data as ArrayBuffer)),
      };
    },
    expected: { isArrayBuffer: true, path: SOURCES },
  },
  {
    name: "parseAs blob gives a Blob of the answer's type",
    async run(api) {
      const { data } = await api.GET(SOURCES, { parseAs: "blob" });
      const blob = data as Blob;
      return { isBlob: blob instanceof Blob, type: blob.type, path: echoedPath(await blob.text()) };
    },
    expected: { isBlob: true, type: "application/json", path: SOURCES },
  },
  {
    name: "parseAs stream gives the body's stream, read to its end",
    async run(api) {
      const { data } = await api.GET(SOURCES, { parseAs: "stream" });
      const stream = data as ReadableStream<Uint8Array>;
      return {
        isStream: stream instanceof ReadableStream,
        path: echoedPath(await new Response(stream).text()),
      };
    },
    expected: { isStream: true, path: SOURCES },
  },
  {
    name: "an answer with Content-Length: 0 gives no data and no error",
    async run(api) {
      const { data, error, response } = await api.GET(SOURCES, { headers: { "x-answer": "empty" } });
      return { data, error, status: response.status };
    },
    expected: { data: undefined, error: undefined, status: 200 },
  },
  {
    name: "an error answer in JSON is parsed into error",
    async run(api) {
      const { data, error, response } = await api.GET(SOURCES, { headers: { "x-answer": "not-found-json" } });
      return { data, error, status: response.status };
    },
    expected: { data: undefined, error: { detail: "No such definition" }, status: 404 },
  },
  {
    name: "an error answer that is not JSON is kept as text",
    async run(api) {
      const { data, error, response } = await api.GET(SOURCES, { headers: { "x-answer": "not-found-text" } });
      return { data, error, status: response.status };
    },
    expected: { data: undefined, error: "Not here", status: 404 },
  },
  {
    // issue 11 #4: the platform's own error, not a network failure.
    name: "reading a body a second time fails with the platform's TypeError",
    async run(api) {
      const { response } = await api.GET(SOURCES);
      const error = await rejection(response.text());
      return {
        bodyUsed: response.bodyUsed,
        isTypeError: error instanceof TypeError,
        name: (error as Error).name,
        message: (error as Error).message,
      };
    },
    expected: {
      bodyUsed: true,
      isTypeError: true,
      name: "TypeError",
      message: expect.stringMatching(/unusable|already (been )?read|locked/i),
    },
  },
]);

// ---------------------------------------------------------------------------------------------
// Aborts: the caller's signal cancels at every stage, and its reason reaches the caller.

defineScenarios("abort", [
  {
    name: "an already aborted signal rejects the call before anything is sent",
    async run(api, env) {
      const reason = new Error("the caller gave up");
      const errors: unknown[] = [];
      api.use({ onError: ({ error }) => void errors.push(error) });
      const error = await rejection(api.GET(SOURCES, { signal: AbortSignal.abort(reason) }));
      return {
        reachesReason: reaches(error, reason),
        onErrorReachesReason: errors.map((seen) => reaches(seen, reason)),
        wire: env.wire(),
      };
    },
    expected: { reachesReason: true, onErrorReachesReason: [true], wire: [] },
  },
  {
    name: "aborting while the server has not answered rejects the call promptly",
    async run(api, env) {
      const reason = new Error("the caller gave up");
      const controller = new AbortController();
      const arrived = env.server.arrival("hang");
      const call = api.GET(SOURCES, { signal: controller.signal, headers: { "x-answer": "hang" } });
      await arrived;
      controller.abort(reason);
      const settled = await settleWithin(call, PROMPTLY_MS);
      return {
        status: settled.status,
        reachesReason: settled.status === "rejected" && reaches(settled.error, reason),
      };
    },
    expected: { status: "rejected", reachesReason: true },
  },
  {
    name: "aborting while the JSON body arrives rejects the call promptly",
    async run(api, env) {
      const reason = new Error("the caller gave up");
      const controller = new AbortController();
      const arrived = env.server.arrival("trickle");
      const call = api.GET(SOURCES, { signal: controller.signal, headers: { "x-answer": "trickle" } });
      await arrived;
      controller.abort(reason);
      const settled = await settleWithin(call, PROMPTLY_MS);
      return {
        status: settled.status,
        reachesReason: settled.status === "rejected" && reaches(settled.error, reason),
      };
    },
    expected: { status: "rejected", reachesReason: true },
  },
  {
    // issue 11 #2: bare openapi-fetch errors the stream about a millisecond after the abort.
    name: "after parseAs stream, aborting errors the stream promptly",
    async run(api) {
      const reason = new Error("the caller gave up");
      const controller = new AbortController();
      const { data } = await api.GET(SOURCES, {
        parseAs: "stream",
        signal: controller.signal,
        headers: { "x-answer": "trickle" },
      });
      const reader = (data as ReadableStream<Uint8Array>).getReader();
      const first = await reader.read();
      controller.abort(reason);
      const after = await readOnAfterAbort(reader, PROMPTLY_MS);
      if (after.status !== "rejected") await reader.cancel().catch(() => undefined);
      return {
        firstChunk: new TextDecoder().decode(first.value),
        stream:
          after.status === "rejected"
            ? "errored"
            : after.status === "pending"
              ? "still giving data"
              : "ended",
        reachesReason: after.status === "rejected" && reaches(after.error, reason),
      };
    },
    expected: { firstChunk: "chunk-1\n", stream: "errored", reachesReason: true },
  },
  {
    // The client notes calls made without a signal and does not listen to their request's
    // signal; a middleware's new Request carries no note, so its signal is listened to.
    name: "a call made without a signal is cancelled by the signal of the Request a middleware returns",
    async run(api, env) {
      const reason = new Error("the middleware gave up");
      const controller = new AbortController();
      api.use({ onRequest: ({ request }) => new Request(request, { signal: controller.signal }) });
      const arrived = env.server.arrival("hang");
      const call = api.GET(SOURCES, { headers: { "x-answer": "hang" } });
      await arrived;
      controller.abort(reason);
      const settled = await settleWithin(call, PROMPTLY_MS);
      return {
        status: settled.status,
        reachesReason: settled.status === "rejected" && reaches(settled.error, reason),
      };
    },
    expected: { status: "rejected", reachesReason: true },
  },
  {
    name: "a call made with a signal is cancelled by it even when its init also carries the client's note",
    async run(api, env) {
      const reason = new Error("the caller gave up");
      const controller = new AbortController();
      const arrived = env.server.arrival("hang");
      const init = {
        signal: controller.signal,
        headers: { "x-answer": "hang" },
        agentEngineNoCallerSignal: true,
      };
      const call = api.GET(SOURCES, init);
      await arrived;
      controller.abort(reason);
      const settled = await settleWithin(call, PROMPTLY_MS);
      return {
        status: settled.status,
        reachesReason: settled.status === "rejected" && reaches(settled.error, reason),
      };
    },
    expected: { status: "rejected", reachesReason: true },
  },
]);

// ---------------------------------------------------------------------------------------------
// test/common/params.test.ts: querySerializer, per request (the client takes no client-wide one)

/**
 * openapi-fetch's array and object cases need query parameters the spec lacks (its only one is
 * the string `name` of the definitions list), so their queries are cast to the spec's type here.
 */
const unlistedQuery = (query: Record<string, unknown>) => query as { name?: string };

const searchOf = (
  query: Record<string, unknown>,
  querySerializer?: QuerySerializerOptions,
): Scenario["run"] => {
  return async (api, env) => {
    await api.GET(SOURCES, {
      params: { query: unlistedQuery(query) },
      ...(querySerializer ? { querySerializer } : {}),
    });
    return { search: env.wire()[0]?.search };
  };
};

defineScenarios("querySerializer", [
  {
    name: "primitives, encoded by default",
    run: searchOf({ name: "git hub/ü", number: 0, boolean: false }),
    expected: { search: "?name=git%20hub%2F%C3%BC&number=0&boolean=false" },
  },
  {
    name: "empty arrays and null or undefined values are left out",
    run: searchOf({ array: [], name: undefined, number: null }),
    expected: { search: "" },
  },
  ...(
    [
      ["form", { style: "form", explode: false }, "array=1,2,3&boolean=true"],
      ["form (explode)", { style: "form", explode: true }, "array=1&array=2&array=3&boolean=true"],
      ["spaceDelimited", { style: "spaceDelimited", explode: false }, "array=1%202%203&boolean=true"],
      [
        "spaceDelimited (explode)",
        { style: "spaceDelimited", explode: true },
        "array=1&array=2&array=3&boolean=true",
      ],
      ["pipeDelimited", { style: "pipeDelimited", explode: false }, "array=1|2|3&boolean=true"],
      [
        "pipeDelimited (explode)",
        { style: "pipeDelimited", explode: true },
        "array=1&array=2&array=3&boolean=true",
      ],
    ] as const
  ).map(
    ([name, array, want]): Scenario => ({
      name: `array: ${name}`,
      run: searchOf({ array: ["1", "2", "3"], boolean: true }, { array }),
      expected: { search: `?${want}` },
    }),
  ),
  ...(
    [
      ["form", { style: "form", explode: false }, "object=foo,bar,bar,baz&boolean=true"],
      ["form (explode)", { style: "form", explode: true }, "foo=bar&bar=baz&boolean=true"],
      ["deepObject", { style: "deepObject", explode: false }, "object[foo]=bar&object[bar]=baz&boolean=true"],
      [
        "deepObject (explode)",
        { style: "deepObject", explode: true },
        "object[foo]=bar&object[bar]=baz&boolean=true",
      ],
    ] as const
  ).map(
    ([name, object, want]): Scenario => ({
      name: `object: ${name}`,
      run: searchOf({ object: { foo: "bar", bar: "baz" }, boolean: true }, { object }),
      expected: { search: `?${want}` },
    }),
  ),
  {
    name: "allowReserved: true keeps reserved characters",
    run: searchOf({ name: "bad/character🐶" }, { allowReserved: true }),
    expected: { search: "?name=bad/character%F0%9F%90%B6" },
  },
  {
    name: "allowReserved: false encodes them",
    run: searchOf({ name: "bad/character🐶" }, { allowReserved: false }),
    expected: { search: "?name=bad%2Fcharacter%F0%9F%90%B6" },
  },
  {
    name: "a querySerializer function writes the query itself",
    async run(api, env) {
      await api.GET(SOURCES, {
        params: { query: { name: "git" } },
        querySerializer: (query) => `alpha=${String(query.name)}&beta=2`,
      });
      return { search: env.wire()[0]?.search };
    },
    expected: { search: "?alpha=git&beta=2" },
  },
]);

// ---------------------------------------------------------------------------------------------
// The client's own contract (issue 11 #5): middleware never holds the application token, while
// the request on the wire carries it. Bare openapi-fetch's bearer middleware sets the header on
// the very request later hooks receive, so only the wire is checked there.

describe("the application token stays out of middleware's reach", () => {
  const sentWith: Array<string | null> = [];
  const recordingFetch: FetchLike = (request, init) => {
    sentWith.push(request.headers.get("authorization"));
    return failingFetch(request, init);
  };
  const seenByMiddleware = async (api: Api) => {
    const seen: Array<[string, string | null]> = [];
    api.use({
      onRequest({ request }) {
        seen.push(["onRequest", request.headers.get("authorization")]);
      },
      onResponse({ request }) {
        seen.push(["onResponse", request.headers.get("authorization")]);
      },
      onError({ request }) {
        seen.push(["onError", request.headers.get("authorization")]);
      },
    });
    await api.GET(SOURCES);
    await rejection(api.GET(SOURCES, { headers: FAIL }));
    return seen;
  };

  for (const variant of [bareOpenapiFetch, agentEngineClient]) {
    it(`${variant.name}: the wire carries the token`, async () => {
      await server.reset();
      sentWith.length = 0;
      const api = variant.create(server, recordingFetch);
      await seenByMiddleware(api);
      const bearer = variant.bearer(server);
      expect(server.calls().map((seen) => seen.headers.authorization)).toEqual([bearer]);
      // What fetch was handed for the call that failed (after any token exchange).
      expect(sentWith.at(-1)).toBe(bearer);
      await server.reset();
    });
  }

  it(`${agentEngineClient.name}: onRequest, onResponse and onError never see an Authorization header`, async () => {
    await server.reset();
    const seen = await seenByMiddleware(agentEngineClient.create(server, recordingFetch));
    expect(server.calls().map((call) => call.headers.authorization)).toEqual([
      agentEngineClient.bearer(server),
    ]);
    expect(seen).toEqual([
      ["onRequest", null],
      ["onResponse", null],
      ["onRequest", null],
      ["onError", null],
    ]);
    await server.reset();
  });
});

// The transport under the real client: options and per-call keys travel through openapi-fetch
// to every attempt, token exchange included.
import { getEventListeners } from "node:events";
import { describe, expect, it } from "vitest";
import {
  createAgentEngineClient,
  InvalidArgumentError,
  RequestAbortedError,
  RequestTimeoutError,
  ServerError,
  type FetchLike,
  type CallOptions,
} from "../../src/index.js";
import { BASE, DEFINITIONS_PATH, SCOPED_PATH, TOKEN_PATH, WIDGET_PATH } from "./scripted-fetch.js";

type Answer = (request: Request) => Promise<Response> | Response;

const ok = (body: unknown) =>
  new Response(JSON.stringify(body), { headers: { "content-type": "application/json" } });
const status = (code: number) => () =>
  new Response(JSON.stringify({ message: `status ${code}` }), {
    status: code,
    headers: { "content-type": "application/json" },
  });
const hang: Answer = (request) =>
  new Promise((_, reject) =>
    request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
  );

/** Answers each path from its queue (the last answer repeats); counts what each path was sent. */
function routes(table: Record<string, Answer[]>) {
  const sent: Record<string, Request[]> = {};
  let tokens = 0;
  const fetch: FetchLike = async (given, init) => {
    // What the platform's fetch would send: the request with the attempt's init laid over it.
    const request = new Request(given, init);
    const path = new URL(request.url).pathname;
    sent[path] ??= [];
    const log = sent[path];
    log.push(request);
    const queue = table[path] ?? [
      path === TOKEN_PATH
        ? () => ok({ access_token: `t${++tokens}`, token_type: "bearer", expires_in: 900 })
        : status(404),
    ];
    const answer = queue[Math.min(log.length - 1, queue.length - 1)]!;
    return answer(request);
  };
  const count = (path: string) => sent[path]?.length ?? 0;
  return { fetch, sent, count };
}

const token = () => ok({ access_token: "t", token_type: "bearer", expires_in: 900 });
const definitions = () => ok({ definitions: [{ name: "GitHub" }] });
const fast = { baseDelayMs: 1, maxDelayMs: 2 };

describe("the client's calls go through the transport", () => {
  it("retries the token exchange, then the call itself", async () => {
    const api = routes({
      [TOKEN_PATH]: [status(503), token],
      [DEFINITIONS_PATH]: [status(502), definitions],
    });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    await expect(client.listSourceDefinitions()).resolves.toEqual([{ name: "GitHub" }]);
    expect([api.count(TOKEN_PATH), api.count(DEFINITIONS_PATH)]).toEqual([2, 2]);
  });

  it("throws the typed ApiError from a convenience method once the retries are spent", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [status(503)] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const error = await client.listSourceDefinitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(api.count(DEFINITIONS_PATH)).toBe(3);
  });

  it("returns { error, response } from GET after the last attempt", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [status(500)] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const { data, error, response } = await client.GET(DEFINITIONS_PATH);
    expect(data).toBeUndefined();
    expect(error).toEqual({ message: "status 500" });
    expect(response.status).toBe(500);
    expect(api.count(DEFINITIONS_PATH)).toBe(3);
  });

  it("retries the scoped-token mint (safe to repeat) with the same body", async () => {
    const api = routes({ [SCOPED_PATH]: [status(504), () => ok({ token: "scoped" })] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const scoped = await client.createScopedToken({ workspaceName: "acme" });
    expect(scoped.token).toBe("scoped");
    const bodies = await Promise.all(api.sent[SCOPED_PATH]!.map((r) => r.text()));
    expect(bodies).toEqual(['{"workspace_name":"acme"}', '{"workspace_name":"acme"}']);
  });

  it("takes per-call timeoutMs and retry from the GET init", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [hang, status(503)] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const overrides: CallOptions = { timeoutMs: 20, retry: false };
    const error = await client
      .GET(DEFINITIONS_PATH, { params: { query: { name: "git" } }, ...overrides })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toContain("took longer than 20 ms");
    expect(api.count(DEFINITIONS_PATH)).toBe(1);
    // The token exchange, shared by every caller, kept the client's settings.
    expect(api.count(TOKEN_PATH)).toBe(1);
  });

  it("keeps the per-call keys on the transport's 401 replay", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [status(401), status(503), definitions] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const { response } = await client.GET(DEFINITIONS_PATH, { retry: false });
    // 401, then the replay with a fresh token answers 503 and, with retry: false, stays the answer.
    expect(response.status).toBe(503);
    expect(api.count(DEFINITIONS_PATH)).toBe(2);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("takes per-call timeoutMs and retry on listSourceDefinitions", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [hang, definitions] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const error = await client
      .listSourceDefinitions({ name: "git" }, { timeoutMs: 20, retry: false })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toContain("took longer than 20 ms");
    expect(api.count(DEFINITIONS_PATH)).toBe(1);
    // Without the overrides the same answers end in success: the hang is retried.
    await expect(client.listSourceDefinitions({ name: "git" }, { timeoutMs: 20 })).resolves.toEqual([
      { name: "GitHub" },
    ]);
  });

  it("takes per-call retry on the token mints, and keeps their own body whatever else init carries", async () => {
    const api = routes({
      [SCOPED_PATH]: [status(503), () => ok({ token: "scoped" })],
      [WIDGET_PATH]: [status(503), () => ok({ token: "widget" })],
    });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    await expect(
      client.createScopedToken({ workspaceName: "acme" }, { retry: false }),
    ).rejects.toBeInstanceOf(ServerError);
    await expect(
      client.createWidgetToken(
        { workspaceName: "acme", allowedOrigin: "https://app.example" },
        { retry: false },
      ),
    ).rejects.toBeInstanceOf(ServerError);
    expect([api.count(SCOPED_PATH), api.count(WIDGET_PATH)]).toEqual([1, 1]);
    // An untyped caller's stray keys are not passed on: the mint sends its own body.
    const stray = {
      retry: { maxRetries: 1 },
      body: { workspace_name: "someone-else" },
      params: { query: { x: "1" } },
    };
    await expect(client.createScopedToken({ workspaceName: "acme" }, stray)).resolves.toMatchObject({
      token: "scoped",
    });
    const sent = api.sent[SCOPED_PATH]!.at(-1)!;
    expect([await sent.text(), new URL(sent.url).search]).toEqual(['{"workspace_name":"acme"}', ""]);
  });

  it("refuses a bad per-call override on a convenience method before sending anything", async () => {
    const api = routes({ [DEFINITIONS_PATH]: [definitions] });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const error = await client.listSourceDefinitions({}, { timeoutMs: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).argument).toBe("timeoutMs");
    expect(api.count(DEFINITIONS_PATH)).toBe(0);
  });

  it("aborts a caller waiting for the token exchange without cancelling it for the others", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const api = routes({
      [TOKEN_PATH]: [
        async () => {
          await gate;
          return token();
        },
      ],
      [DEFINITIONS_PATH]: [definitions],
    });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: "secret",
      baseUrl: BASE,
      fetch: api.fetch,
      retry: fast,
    });
    const controller = new AbortController();
    const impatient = client
      .listSourceDefinitions({}, { signal: controller.signal })
      .catch((e: unknown) => e);
    const patient = client.listSourceDefinitions();
    await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await impatient).toBeInstanceOf(RequestAbortedError);
    release();
    await expect(patient).resolves.toEqual([{ name: "GitHub" }]);
    expect(api.count(TOKEN_PATH)).toBe(1);
    expect(api.count(DEFINITIONS_PATH)).toBe(1);
  });
});

describe("a call's own signal", () => {
  it("leaves no listener on the caller's signal once a call without a body to read is over", async () => {
    const seen: AbortSignal[] = [];
    const fetch: FetchLike = async (request) => {
      if (!request.url.endsWith(TOKEN_PATH)) seen.push(request.signal);
      return request.url.endsWith(TOKEN_PATH) ? token() : new Response(null, { status: 204 });
    };
    const client = createAgentEngineClient({ clientId: "id", clientSecret: "secret", baseUrl: BASE, fetch });
    const controller = new AbortController();
    await client.GET(DEFINITIONS_PATH, { signal: controller.signal });
    expect(seen).toHaveLength(1);
    expect(getEventListeners(seen[0]!, "abort")).toHaveLength(0);
  });

  it("still cancels at once when the caller aborts", async () => {
    const { fetch } = routes({ [TOKEN_PATH]: [token], [DEFINITIONS_PATH]: [hang] });
    const client = createAgentEngineClient({ clientId: "id", clientSecret: "secret", baseUrl: BASE, fetch });
    const controller = new AbortController();
    const call = client.GET(DEFINITIONS_PATH, { signal: controller.signal });
    setTimeout(() => controller.abort("stop"), 20);
    await expect(call).rejects.toBeInstanceOf(RequestAbortedError);
  });
});

// Token answers that stall or trickle, and redirects (same origin and elsewhere), against a real HTTP server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, RequestTimeoutError } from "../../src/index.js";
import {
  CLIENT_SECRET,
  DEFINITIONS_PATH,
  SCOPED_PATH,
  startFaultServer,
  TOKEN_PATH,
  WIDGET_PATH,
  type FaultServer,
} from "./fault-server.js";
import { clientFor, collectUnhandledRejections, settleDown, timed, useFaultServer } from "./guards.js";

const unhandled = collectUnhandledRejections();
const server = useFaultServer();
/** Another origin: whatever reaches it has followed a redirect it must not follow. */
let elsewhere: FaultServer;
beforeAll(async () => {
  elsewhere = await startFaultServer();
});
afterAll(async () => {
  await elsewhere.close();
});

const quick = { retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetries: 1 }, timeoutMs: 300 };

describe("token answers the client reads itself", () => {
  it.each([
    ["stalls", { stallBody: true as const }],
    ["trickles", { slowBody: { pieces: 50, intervalMs: 100 } }],
  ])("a token exchange whose body %s is timed out, and every waiting call is freed", async (_name, fault) => {
    server.script(TOKEN_PATH, fault, fault);
    const client = clientFor(server, { ...quick, timeoutMs: 30_000 });
    const calls = Array.from({ length: 5 }, () =>
      timed(client.listSourceDefinitions({}, { timeoutMs: 300 })),
    );
    for (const result of await Promise.all(calls)) {
      expect(result.error).toBeInstanceOf(RequestTimeoutError);
      expect(result.ms).toBeLessThan(5_000);
    }
  });

  it("abandons an exchange whose body stalled: the next call after it starts a fresh one", async () => {
    server.script(TOKEN_PATH, { stallBody: true });
    const client = clientFor(server, { retry: false, timeoutMs: 300 });
    // This call waits longer than the exchange's one attempt, so it sees the exchange's own timeout.
    const first = await timed(client.listSourceDefinitions({}, { timeoutMs: 10_000 }));
    expect(first.error).toBeInstanceOf(RequestTimeoutError);
    expect((first.error as Error).message).toContain(
      `POST ${server.url}${TOKEN_PATH} took longer than 300 ms`,
    );
    expect(first.ms).toBeLessThan(5_000);
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(2);
  });

  it.each([
    ["scoped", SCOPED_PATH],
    ["widget", WIDGET_PATH],
  ])(
    "a %s token mint whose body stalls ends in RequestTimeoutError within its attempts",
    async (_name, path) => {
      server.script(path, { stallBody: true }, { stallBody: true });
      const client = clientFor(server, quick);
      const mint =
        path === SCOPED_PATH
          ? client.createScopedToken({ workspaceName: "acme" })
          : client.createWidgetToken({ workspaceName: "acme", allowedOrigin: "https://app.example" });
      const result = await timed(mint);
      expect(result.error).toBeInstanceOf(RequestTimeoutError);
      expect((result.error as Error).message).toContain("(attempt 2 of 2)");
      expect(result.ms).toBeLessThan(5_000);
    },
  );

  it("a scoped mint forWorkspace makes, stalled, frees the call within its timeout", async () => {
    server.script(SCOPED_PATH, { stallBody: true }, { stallBody: true });
    const result = await timed(clientFor(server, quick).forWorkspace("acme").GET(DEFINITIONS_PATH));
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect(result.ms).toBeLessThan(5_000);
  });
});

describe("a per-call timeoutMs and retry, and the exchange the call triggers", () => {
  it("retry: false and timeoutMs bound the call's wait; the message says it waited for its token", async () => {
    server.script(TOKEN_PATH, { hang: true }, { hang: true }, { hang: true });
    const client = clientFor(server, { timeoutMs: 30_000 });
    const result = await timed(client.listSourceDefinitions({}, { timeoutMs: 300, retry: false }));
    expect(result.error).toBeInstanceOf(RequestTimeoutError);
    expect((result.error as Error).message).toContain("waited longer than 300 ms for its token");
    expect((result.error as Error).message).not.toContain("attempt 3 of 3");
    expect(result.ms).toBeLessThan(5_000);
  });
});

describe("redirects", () => {
  it.each([307, 308])(
    "follows a same-origin %i on a request with a body, body and token included",
    async (status) => {
      server.script(SCOPED_PATH, { redirect: status, location: `${SCOPED_PATH}?moved=1` });
      // Sent once: a retry must not be what gets the answer.
      const scoped = await clientFor(server, quick).createScopedToken(
        { workspaceName: "acme" },
        { retry: false },
      );
      expect(scoped.token).toMatch(/^scoped-/);
      const sent = server.seen.filter((request) => request.path === SCOPED_PATH);
      expect(sent).toHaveLength(2);
      expect(sent[1]!.body).toBe(sent[0]!.body);
      expect(sent[1]!.authorization).toBe(sent[0]!.authorization);
    },
  );

  it("follows a same-origin 303 as a GET without the body", async () => {
    server.script(DEFINITIONS_PATH, { redirect: 303, location: DEFINITIONS_PATH });
    const { data, response } = await clientFor(server, quick).GET(DEFINITIONS_PATH);
    expect(response.status).toBe(200);
    expect(data?.definitions).toHaveLength(1);
  });

  it("never follows a token exchange to another origin: the secret stays home", async () => {
    server.script(TOKEN_PATH, { redirect: 307, location: `${elsewhere.url}${TOKEN_PATH}` });
    const error = await clientFor(server, quick)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(307);
    expect(elsewhere.seen).toEqual([]);
    expect(String((error as Error).message)).not.toContain(CLIENT_SECRET);
  });

  it.each([302, 307, 308])("never sends the token to another origin on a %i", async (status) => {
    server.script(DEFINITIONS_PATH, { redirect: status, location: `${elsewhere.url}${DEFINITIONS_PATH}` });
    const { response } = await clientFor(server, quick).GET(DEFINITIONS_PATH);
    expect(response.status).toBe(status);
    expect(elsewhere.seen).toEqual([]);
  });

  it("leaves nothing unhandled", async () => {
    await settleDown();
    expect(unhandled).toEqual([]);
  });
});

describe("what the client keeps to itself", () => {
  it("no middleware sees a token the client mints, for itself or on an explicit mint", async () => {
    const client = clientFor(server, quick);
    const views: string[] = [];
    client.use({
      async onRequest({ request }) {
        views.push([...request.headers].join(" "), request.url);
      },
      async onResponse({ response }) {
        views.push(await response.clone().text());
      },
    });
    await client.createScopedToken({ workspaceName: "acme" });
    await client.createWidgetToken({ workspaceName: "acme", allowedOrigin: "https://app.example" });
    await client.forWorkspace("acme").GET(DEFINITIONS_PATH);
    await client.GET(DEFINITIONS_PATH);
    expect(server.count(SCOPED_PATH)).toBeGreaterThanOrEqual(2);
    expect(views.length).toBeGreaterThan(0);
    expect(views.join("\n")).not.toMatch(/scoped-|widget-|app-token-|fault-suite-secret/);
  });
});

describe("an answer that was not retried", () => {
  it.each([408, 429, 503])("a POST that got %i says it was not retried", async (status) => {
    server.script("/api/v1/integrations/connectors", { status });
    const error = await clientFor(server, quick)
      .connectors.create({ workspace_name: "acme", definition_id: "x", name: "c", credentials: {} } as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain(
      "not retried: a POST may have reached the server; see retry.retryNonIdempotent",
    );
    expect(server.count("/api/v1/integrations/connectors")).toBe(1);
  });

  it("a GET that got 503 after its retries says nothing of the kind", async () => {
    server.script(DEFINITIONS_PATH, { status: 503 }, { status: 503 });
    const error = await clientFor(server, quick)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).not.toContain("not retried");
  });
});

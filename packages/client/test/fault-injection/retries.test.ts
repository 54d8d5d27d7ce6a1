// Faults that a retry should absorb, and those it must not touch, against a real HTTP server.
import { describe, expect, it } from "vitest";
import {
  ConnectionError,
  createTransport,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
} from "../../src/index.js";
import { closedPort, DEFINITIONS_PATH, SCOPED_PATH, TOKEN_PATH, WIDGET_PATH } from "./fault-server.js";
import { clientFor, collectUnhandledRejections, useFaultServer, gaps, settleDown, timed } from "./guards.js";

/** Timers can fire a hair early against performance.now(); this much slack is not a shortcut. */
const CLOCK_SLACK_MS = 5;

const unhandled = collectUnhandledRejections();
const server = useFaultServer();

const arrivals = (path: string) =>
  server.seen.filter((request) => request.path === path).map((request) => request.at);

describe("429 with Retry-After", () => {
  it("waits the full second the server asked for, then succeeds on the second attempt", async () => {
    server.script(DEFINITIONS_PATH, { status: 429, headers: { "retry-after": "1" } });
    const result = await timed(clientFor(server).listSourceDefinitions());
    expect(result.value).toEqual([{ name: "GitHub", sourceDefinitionId: "ef69ef6e" }]);
    expect(server.count(DEFINITIONS_PATH)).toBe(2);
    expect(gaps(arrivals(DEFINITIONS_PATH))[0]).toBeGreaterThanOrEqual(1_000 - CLOCK_SLACK_MS);
    expect(result.ms).toBeLessThan(5_000);
  });

  it("honours an HTTP-date Retry-After on a 503", async () => {
    const when = new Date(Math.ceil((Date.now() + 1_000) / 1_000) * 1_000);
    server.script(DEFINITIONS_PATH, { status: 503, headers: { "retry-after": when.toUTCString() } });
    const started = Date.now();
    await expect(clientFor(server).listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(2);
    expect(Date.now()).toBeGreaterThanOrEqual(when.getTime() - CLOCK_SLACK_MS);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("gives the 429 back at once as a RateLimitError when the server asks for longer than the cap", async () => {
    server.script(DEFINITIONS_PATH, { status: 429, headers: { "retry-after": "30" } });
    const client = clientFor(server, { retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetryAfterMs: 2_000 } });
    const result = await timed(client.listSourceDefinitions());
    expect(result.error).toBeInstanceOf(RateLimitError);
    expect((result.error as RateLimitError).retryAfterMs).toBe(30_000);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
    expect(result.ms).toBeLessThan(2_000);
  });

  it("returns the last 429 after the retries are spent", async () => {
    server.script(DEFINITIONS_PATH, ...Array(3).fill({ status: 429, headers: { "retry-after": "0" } }));
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
  });
});

describe("5xx bursts", () => {
  it("rides out a burst of 500, 502, 503 with maxRetries: 3, backing off between attempts", async () => {
    server.script(DEFINITIONS_PATH, { status: 500 }, { status: 502 }, { status: 503 });
    const client = clientFor(server, { retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetries: 3 } });
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(4);
    // Equal jitter: at least half of 20, 40, 80 ms.
    const spacing = gaps(arrivals(DEFINITIONS_PATH));
    for (const [index, floor] of [10, 20, 40].entries()) {
      expect(spacing[index]).toBeGreaterThanOrEqual(floor - CLOCK_SLACK_MS);
    }
  });

  it("throws ServerError with the last status when the burst outlasts the retries", async () => {
    server.script(DEFINITIONS_PATH, { status: 500 }, { status: 502 }, { status: 503 }, { status: 504 });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
  });

  it("retries the token exchange through a burst (minting twice is harmless)", async () => {
    server.script(TOKEN_PATH, { status: 503 }, { status: 502 });
    await expect(clientFor(server).listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(3);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });

  it("sends once with retry: false", async () => {
    server.script(DEFINITIONS_PATH, { status: 503 });
    const error = await clientFor(server, { retry: false })
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });
});

describe("connection resets", () => {
  it("retries a GET whose connection was reset twice", async () => {
    server.script(DEFINITIONS_PATH, { reset: true }, { reset: true });
    await expect(clientFor(server).listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
  });

  it("throws one ConnectionError after the last reset", async () => {
    server.script(DEFINITIONS_PATH, { reset: true }, { reset: true }, { reset: true });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(RequestTimeoutError);
    expect((error as Error).message).toMatch(/got no answer: .*\(attempt 3 of 3\)$/);
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
  });

  it.each([SCOPED_PATH, WIDGET_PATH])("retries the mint %s after a reset", async (path) => {
    server.script(path, { reset: true });
    const client = clientFor(server);
    const minted =
      path === SCOPED_PATH
        ? client.createScopedToken({ workspaceName: "acme" })
        : client.createWidgetToken({ workspaceName: "acme", allowedOrigin: "https://app.example.com" });
    await expect(minted).resolves.toMatchObject({ token: expect.any(String) });
    expect(server.count(path)).toBe(2);
    expect(new Set(server.seen.filter((r) => r.path === path).map((r) => r.body)).size).toBe(1);
  });

  it("does not resend a POST that may have reached the server, unless asked to", async () => {
    const connectors = "/api/v1/integrations/connectors";
    const transport = createTransport({
      fetch: (request, init) => fetch(request, init),
      retry: { baseDelayMs: 20, maxDelayMs: 80 },
    });
    const send = () =>
      new Request(server.url + connectors, {
        method: "POST",
        body: '{"name":"x"}',
        headers: { "content-type": "application/json" },
      });

    server.script(connectors, { reset: true });
    const error = await transport(send()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as Error).message).toContain("not retried: a POST may have reached the server");
    expect(server.count(connectors)).toBe(1);

    server.clear();
    server.script(connectors, { reset: true }, { status: 201 });
    const optedIn = Object.assign(send(), { retry: { retryNonIdempotent: true } });
    const response = await transport(optedIn);
    expect(response.status).toBe(201);
    expect(server.seen.map((r) => r.body)).toEqual(['{"name":"x"}', '{"name":"x"}']);
  });
});

describe("refused connections", () => {
  it("retries a refused token exchange and then throws a ConnectionError naming ECONNREFUSED", async () => {
    const port = await closedPort();
    let attempts = 0;
    const client = clientFor(server, {
      baseUrl: `http://127.0.0.1:${port}`,
      fetch: (request, init) => {
        attempts++;
        return fetch(request, init);
      },
    });
    const result = await timed(client.listSourceDefinitions());
    expect(result.error).toBeInstanceOf(ConnectionError);
    expect((result.error as Error).message).toContain("ECONNREFUSED");
    expect((result.error as Error).message).toContain("(attempt 3 of 3)");
    expect(attempts).toBe(3);
    expect(result.ms).toBeLessThan(5_000);
  });
});

it("raised no unhandled rejection", async () => {
  await settleDown();
  expect(unhandled).toEqual([]);
});

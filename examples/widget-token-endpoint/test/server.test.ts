// The endpoint with the real client against the mock: the origin allowlist, the session, the
// token the browser receives, and how the client's errors reach the browser.
import { createServer as createNetServer, type AddressInfo } from "node:net";
import type { Server } from "node:http";
import { createAgentEngineClient, type AgentEngineClientOptions } from "@org/agent-engine-client";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createWidgetTokenServer, WIDGET_TOKEN_ROUTE } from "../src/server.js";
import { createInMemorySessionStore } from "../src/sessions.js";

const prismUrl = inject("prismUrl");
const PAGE_ORIGIN = "https://app.example.com";
const sessions = createInMemorySessionStore({
  "session-1": { userId: "ada", workspaceName: "workspace_of_ada" },
});

interface Sent {
  path: string;
  body: unknown;
}

let server: Server | undefined;
let logged: string[];

beforeEach(() => {
  logged = [];
});

afterEach(async () => {
  const running = server;
  server = undefined;
  if (running) await new Promise((resolve) => running.close(resolve));
});

/** Starts the endpoint with a client that records what it sends upstream and may add headers to it. */
async function start(clientOptions: AgentEngineClientOptions = {}, preferForWidgetToken?: string) {
  const sent: Sent[] = [];
  const client = createAgentEngineClient({
    clientId: "backend_client_id",
    clientSecret: "backend_client_secret",
    baseUrl: prismUrl,
    retry: false,
    ...clientOptions,
    fetch: async (request) => {
      const path = new URL(request.url).pathname;
      sent.push({
        path,
        body: await request
          .clone()
          .json()
          .catch(() => undefined),
      });
      // Prism answers the status named by `Prefer: code=...`, to play a failing API.
      if (preferForWidgetToken && path === "/api/v1/account/applications/widget-token")
        request.headers.set("Prefer", preferForWidgetToken);
      return fetch(request);
    },
  });
  server = createWidgetTokenServer({
    client,
    allowedOrigins: [PAGE_ORIGIN],
    sessions,
    log: (line) => logged.push(line),
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${WIDGET_TOKEN_ROUTE}`;
  return { url, sent };
}

function ask(url: string, headers: Record<string, string>, method = "POST") {
  return fetch(url, { method, headers });
}

const signedIn = { Origin: PAGE_ORIGIN, Cookie: "session=session-1" };

describe("an allowed origin and a signed-in user", () => {
  it("get a widget token for the user's workspace, bound to that origin", async () => {
    const { url, sent } = await start();
    const response = await ask(url, signedIn);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as { token: string; expiresAt: string; widgetUrl: string | null };
    expect(body.token.length).toBeGreaterThan(20);
    expect(Date.parse(body.expiresAt)).toBeGreaterThan(Date.now());
    expect(body.widgetUrl).toMatch(/^https:\/\//);
    expect(sent.find((s) => s.path === "/api/v1/account/applications/widget-token")?.body).toEqual({
      workspace_name: "workspace_of_ada",
      allowed_origin: PAGE_ORIGIN,
    });
  });

  it("get a CORS preflight answer, and 405 for methods other than POST", async () => {
    const { url, sent } = await start();
    const preflight = await ask(url, { Origin: PAGE_ORIGIN }, "OPTIONS");
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-methods")).toBe("POST");
    expect(preflight.headers.get("access-control-allow-credentials")).toBe("true");
    const get = await ask(url, signedIn, "GET");
    expect(get.status).toBe(405);
    expect(get.headers.get("allow")).toBe("POST, OPTIONS");
    expect(sent).toEqual([]);
  });
});

interface RefusalCase {
  case: string;
  headers: Record<string, string>;
}

describe("refusals before any token is minted", () => {
  it.each<RefusalCase>([
    { case: "another origin", headers: { Origin: "https://evil.example", Cookie: "session=session-1" } },
    {
      case: "an allowed host on another scheme",
      headers: { Origin: "http://app.example.com", Cookie: "session=session-1" },
    },
    { case: "an opaque origin", headers: { Origin: "null", Cookie: "session=session-1" } },
    { case: "no Origin header", headers: { Cookie: "session=session-1" } },
  ])("403 for $case", async ({ headers }) => {
    const { url, sent } = await start();
    const response = await ask(url, headers);
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(sent).toEqual([]);
  });

  it.each<RefusalCase>([
    { case: "no session cookie", headers: { Origin: PAGE_ORIGIN } },
    { case: "an unknown session", headers: { Origin: PAGE_ORIGIN, Cookie: "session=session-2" } },
    {
      case: "a session id that is an Object property",
      headers: { Origin: PAGE_ORIGIN, Cookie: "session=__proto__" },
    },
  ])("401 for $case", async ({ headers }) => {
    const { url, sent } = await start();
    const response = await ask(url, headers);
    expect(response.status).toBe(401);
    expect(sent).toEqual([]);
  });

  it("404 for other paths", async () => {
    const { url } = await start();
    expect((await ask(url.replace(WIDGET_TOKEN_ROUTE, "/elsewhere"), signedIn)).status).toBe(404);
  });

  it("serves the page that asks for the token at /, to any origin, without calling the API", async () => {
    const { url, sent } = await start();
    const response = await fetch(url.replace(WIDGET_TOKEN_ROUTE, "/"));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await response.text()).toContain(`fetch("${WIDGET_TOKEN_ROUTE}", { method: "POST"`);
    expect(sent).toEqual([]);
  });

  it("refuses to start with a malformed allowed origin", () => {
    const client = createAgentEngineClient({ clientId: "a", clientSecret: "b" });
    expect(() =>
      createWidgetTokenServer({ client, allowedOrigins: ["https://app.example.com/"], sessions }),
    ).toThrow(/allowedOrigin.*trailing slash/);
  });
});

describe("the API's failures, as the browser sees them", () => {
  it.each([
    { prefer: "code=401", status: 502, error: "AuthenticationError" },
    { prefer: "code=403", status: 502, error: "PermissionDeniedError" },
    { prefer: "code=422", status: 500, error: "RequestValidationError" },
    { prefer: "code=500", status: 502, error: "ServerError" },
  ])("$prefer from the API answers $status", async ({ prefer, status, error }) => {
    const { url } = await start({}, prefer);
    const response = await ask(url, signedIn);
    expect(response.status).toBe(status);
    expect(response.headers.get("access-control-allow-origin")).toBe(PAGE_ORIGIN);
    const body = (await response.json()) as { error: string };
    expect(body.error).not.toContain(error);
    expect(logged).toEqual([
      expect.stringMatching(
        new RegExp(`^widget token for user ada failed \\(answered ${status}\\): ${error}: `),
      ),
    ]);
  });

  it("a rate limit answers 503 with the API's Retry-After in seconds", async () => {
    const { url } = await start({}, "code=429");
    const response = await ask(url, signedIn);
    expect(response.status).toBe(503);
    const mockRetryAfter = (
      await fetch(`${prismUrl}/api/v1/account/applications/widget-token`, {
        method: "POST",
        headers: { Authorization: "Bearer any", "Content-Type": "application/json", Prefer: "code=429" },
        body: JSON.stringify({ workspace_name: "w", allowed_origin: PAGE_ORIGIN }),
      })
    ).headers.get("retry-after");
    expect(mockRetryAfter).toMatch(/^\d+$/);
    expect(response.headers.get("retry-after")).toBe(mockRetryAfter);
  });

  it("an unreachable API answers 502", async () => {
    const placeholder = createNetServer();
    await new Promise<void>((resolve) => placeholder.listen(0, "127.0.0.1", resolve));
    const deadPort = (placeholder.address() as AddressInfo).port;
    await new Promise((resolve) => placeholder.close(resolve));

    const { url } = await start({ baseUrl: `http://127.0.0.1:${deadPort}` });
    const response = await ask(url, signedIn);
    expect(response.status).toBe(502);
    expect(logged[0]).toMatch(/ConnectionError: /);
  });
});

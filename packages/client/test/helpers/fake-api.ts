// An injected fetch that plays the Agent Engine API in memory: it issues tokens, mints
// scoped tokens with a real `exp` claim, counts what it was asked, and can be told to fail.
import { API_PATHS } from "@org/agent-engine-types";
import {
  createAgentEngineClient,
  type AgentEngineClient,
  type AgentEngineClientOptions,
  type FetchLike,
} from "../../src/index.js";

export interface SentRequest {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

export type Handler = (request: SentRequest) => Response | Promise<Response>;

export function json(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "Content-Type": "application/json", ...(init.headers as Record<string, string> | undefined) },
  });
}

export function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.c2ln`;
}

export const SECRET = "s3cr3t-client-secret-value";

export interface FakeApi {
  fetch: FetchLike;
  sent: SentRequest[];
  count(path: string): number;
  /** Replaces the answer for one path (every method) until reset. */
  on(path: string, handler: Handler): void;
  /** Tokens the fake issued, newest last. */
  issued: string[];
  /** The application tokens it no longer accepts. */
  revoked: Set<string>;
}

export function createFakeApi(options: { expiresIn?: unknown; now?: () => number } = {}): FakeApi {
  const now = options.now ?? Date.now;
  const sent: SentRequest[] = [];
  const issued: string[] = [];
  const revoked = new Set<string>();
  const overrides = new Map<string, Handler>();
  let serial = 0;

  const authorized = (request: SentRequest) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "");
    return token !== undefined && issued.includes(token) && !revoked.has(token);
  };
  const unauthorized = () => json({ detail: "Invalid authentication credentials" }, { status: 401 });

  const defaults: Record<string, Handler> = {
    [API_PATHS.applicationToken]: () => {
      const token = `app-token-${++serial}`;
      issued.push(token);
      return json({ access_token: token, token_type: "bearer", expires_in: options.expiresIn ?? 900 });
    },
    [API_PATHS.scopedToken]: (request) => {
      if (!authorized(request)) return unauthorized();
      const body = request.body as { workspace_name: string };
      const token = jwt({ sub: body.workspace_name, n: ++serial, exp: Math.floor(now() / 1000) + 1200 });
      issued.push(token);
      return json({ token });
    },
    [API_PATHS.widgetToken]: (request) => {
      if (!authorized(request)) return unauthorized();
      const body = request.body as { workspace_name: string; allowed_origin: string };
      const inner = jwt({ sub: body.workspace_name, exp: Math.floor(now() / 1000) + 1200 });
      const widgetUrl = `https://app.example/widget?allowedOrigin=${encodeURIComponent(body.allowed_origin)}`;
      return json({ token: Buffer.from(JSON.stringify({ token: inner, widgetUrl })).toString("base64url") });
    },
    [API_PATHS.scopedTokenInfo]: (request) =>
      authorized(request)
        ? json({
            organization_id: "12345678-1234-1234-1234-123456789012",
            workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
            customer_name: "w",
          })
        : unauthorized(),
    [API_PATHS.sourceDefinitions]: (request) =>
      authorized(request)
        ? json({
            definitions: [{ name: "GitHub", sourceDefinitionId: "acd81c8-0aeb-4e29-955d-a4a25d550401" }],
          })
        : unauthorized(),
  };

  const fetch: FetchLike = async (given, init) => {
    // What the platform's fetch would send: the request with the init laid over it.
    const request = new Request(given, init);
    const url = new URL(request.url);
    const text = request.body === null ? "" : await request.text();
    const entry: SentRequest = {
      method: request.method,
      path: url.pathname,
      headers: new Headers(request.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    sent.push(entry);
    const handler = overrides.get(url.pathname) ?? defaults[url.pathname];
    return handler ? handler(entry) : json({ detail: "Not Found" }, { status: 404 });
  };

  return {
    fetch,
    sent,
    issued,
    revoked,
    count: (path) => sent.filter((r) => r.path === path).length,
    on: (path, handler) => overrides.set(path, handler),
  };
}

export const TOKEN_PATH = API_PATHS.applicationToken;
export const SCOPED_PATH = API_PATHS.scopedToken;
export const WIDGET_PATH = API_PATHS.widgetToken;
export const INFO_PATH = API_PATHS.scopedTokenInfo;
export const SOURCES_PATH = API_PATHS.sourceDefinitions;

/** A client wired to a fake API, with test credentials; `options` override any of them. */
export function clientFor(api: FakeApi, options: AgentEngineClientOptions = {}): AgentEngineClient {
  return createAgentEngineClient({
    clientId: "id",
    clientSecret: SECRET,
    baseUrl: "http://api.test",
    fetch: api.fetch,
    ...options,
  });
}

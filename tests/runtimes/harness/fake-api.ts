// A fake Agent Engine API for the smoke scenario, on 127.0.0.1. Each runtime's run gets its
// own base URL (`/runs/<id>`) and so its own state, which lets runs overlap. Two definition
// filters are faults on purpose: `flaky` answers 503 once per run and then succeeds, `hang`
// never answers (the connection is dropped when the server closes).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_CLIENT_ID = "runtime-client";
export const FAKE_CLIENT_SECRET = "runtime-secret";
/** Not 20 minutes (the client's fallback), so an `expiresAt` equal to `exp` came from the JWT. */
export const SCOPED_LIFETIME_SECONDS = 1234;
export const WIDGET_BASE_URL = "https://widget.example.test/";

const DEFINITIONS = ["Postgres", "PostHog", "GitHub", "Stripe"].map((name, index) => ({
  name,
  sourceDefinitionId: `00000000-0000-4000-8000-00000000000${index}`,
  supportLevel: "certified",
}));

/** Five workspaces of which the scenario's filter matches three: two pages of two, then one. */
const WORKSPACES = ["acme-east", "globex", "acme-west", "initech", "acme-labs"];

function workspace(name: string, index: number) {
  return {
    id: `11111111-1111-4111-8111-00000000000${index}`,
    name,
    organization_id: "12345678-1234-4234-8234-123456789012",
    status: "active",
    cache_enabled: false,
    tombstone: false,
    created_at: "2026-01-01T00:00:00Z",
    updated_at: "2026-01-01T00:00:00Z",
  };
}

interface RunState {
  requests: number;
  flakyAttempts: number;
  applicationTokens: Set<string>;
  scopedTokens: Map<string, string>;
}

export interface FakeApi {
  /** The base URL for one run; a new id starts with fresh state. */
  baseUrlFor(runId: string): string;
  /** Requests a run has sent so far. */
  requestCount(runId: string): number;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function startFakeApi(): Promise<FakeApi> {
  const runs = new Map<string, RunState>();
  let serial = 0;
  const stateOf = (runId: string) => {
    let state = runs.get(runId);
    if (!state) {
      state = { requests: 0, flakyAttempts: 0, applicationTokens: new Set(), scopedTokens: new Map() };
      runs.set(runId, state);
    }
    return state;
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, { detail: `fake API failure: ${String(error)}` });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const match = /^\/runs\/([\w-]+)(\/.*)$/.exec(url.pathname);
    if (!match) return send(response, 404, { detail: "no run in the path" });
    const [, runId, path] = match as unknown as [string, string, string];
    const state = stateOf(runId);
    // The scenario reads this count to prove a refused call sent nothing; it is not a request of the client.
    if (path === "/__fake/requests") return send(response, 200, { count: state.requests });
    state.requests++;
    const body = request.method === "POST" ? await readJson(request) : undefined;
    const bearer = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const unauthorized = () => send(response, 401, { detail: "Invalid authentication credentials" });

    if (path === "/api/v1/account/applications/token" && request.method === "POST") {
      if (body?.client_id !== FAKE_CLIENT_ID || body?.client_secret !== FAKE_CLIENT_SECRET) {
        return send(response, 401, { message: "Invalid client credentials", errors: [] });
      }
      const token = `app-${runId}-${++serial}`;
      state.applicationTokens.add(token);
      return send(response, 200, { access_token: token, token_type: "bearer", expires_in: 900 });
    }
    if (path === "/api/v1/account/applications/scoped-token" && request.method === "POST") {
      if (!state.applicationTokens.has(bearer)) return unauthorized();
      const token = scopedJwt(String(body?.workspace_name), ++serial);
      state.scopedTokens.set(token, String(body?.workspace_name));
      return send(response, 200, { token });
    }
    if (path === "/api/v1/account/applications/widget-token" && request.method === "POST") {
      if (!state.applicationTokens.has(bearer)) return unauthorized();
      const workspace = String(body?.workspace_name);
      const widgetUrl = `${WIDGET_BASE_URL}?${new URLSearchParams({ origin: String(body?.allowed_origin), workspace })}`;
      const inner = { token: scopedJwt(workspace, ++serial), widgetUrl };
      return send(response, 200, { token: Buffer.from(JSON.stringify(inner)).toString("base64") });
    }
    if (path === "/api/v1/account/applications/scoped-token/info" && request.method === "GET") {
      const workspace = state.scopedTokens.get(bearer);
      if (workspace === undefined) return unauthorized();
      return send(response, 200, {
        organization_id: "12345678-1234-4234-8234-123456789012",
        workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
        customer_name: workspace,
      });
    }
    if (path === "/api/v1/integrations/definitions/sources" && request.method === "GET") {
      if (!state.applicationTokens.has(bearer)) return unauthorized();
      const name = url.searchParams.get("name") ?? "";
      if (name === "hang") return; // never answered: the client's timeout must end it
      if (name === "flaky") {
        state.flakyAttempts++;
        if (state.flakyAttempts === 1) return send(response, 503, { detail: "try again" });
        const flaky = { ...DEFINITIONS[0]!, name: `flaky (attempt ${state.flakyAttempts})` };
        return send(response, 200, { definitions: [flaky] });
      }
      const definitions = DEFINITIONS.filter((definition) =>
        definition.name.toLowerCase().includes(name.toLowerCase()),
      );
      return send(response, 200, { definitions });
    }
    if (path === "/api/v1/workspaces" && request.method === "GET") {
      if (!state.applicationTokens.has(bearer)) return unauthorized();
      // Two workspaces a page, the next page's URL in `next` as the API gives it (absolute).
      const contains = url.searchParams.get("name_contains") ?? "";
      const matching = WORKSPACES.filter((name) => name.includes(contains));
      const from = Number(url.searchParams.get("cursor") ?? "0");
      const data = matching.slice(from, from + 2).map((name, index) => workspace(name, from + index));
      const rest = from + 2 < matching.length;
      const query = new URLSearchParams({ name_contains: contains, cursor: String(from + 2) });
      const next = rest ? `http://${request.headers.host}/runs/${runId}${path}?${query}` : null;
      return send(response, 200, { data, next });
    }
    return send(response, 404, { detail: "Not Found" });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrlFor: (runId) => `http://127.0.0.1:${port}/runs/${runId}`,
    requestCount: (runId) => runs.get(runId)?.requests ?? 0,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function scopedJwt(workspace: string, serial: number): string {
  const exp = Math.floor(Date.now() / 1000) + SCOPED_LIFETIME_SECONDS;
  return `${base64url({ alg: "none", typ: "JWT" })}.${base64url({ sub: workspace, n: serial, exp })}.signature`;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "Content-Type": "application/json", "x-request-id": `fake-${status}` });
  response.end(JSON.stringify(body));
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length
    ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>)
    : undefined;
}

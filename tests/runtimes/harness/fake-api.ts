// The repository's fake API (tests/fake-api) for the smoke scenario, on 127.0.0.1. Each
// runtime's run gets its own base URL (`/runs/<id>`) and so its own fake, which lets runs
// overlap. Two definition filters are faults on purpose: `flaky` answers 503 once per run and
// then succeeds, `hang` never answers (the connection is dropped when the server closes).
import { API_PATHS } from "@org/agent-engine-types";
import { createFakeApi, json, jwt, serve, type FakeApi as RunApi } from "@org/fake-api";

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
const WORKSPACES = ["acme-east", "globex", "acme-west", "initech", "acme-labs"].map((name, index) => ({
  id: `11111111-1111-4111-8111-00000000000${index}`,
  name,
  organization_id: "12345678-1234-4234-8234-123456789012",
  status: "active",
  cache_enabled: false,
  tombstone: false,
  created_at: "2026-01-01T00:00:00Z",
  updated_at: "2026-01-01T00:00:00Z",
}));

export interface FakeApi {
  /** The base URL for one run; a new id starts with fresh state. */
  baseUrlFor(runId: string): string;
  /** Requests a run has sent so far. */
  requestCount(runId: string): number;
  close(): Promise<void>;
}

function runApi(runBaseUrl: string): RunApi {
  const api = createFakeApi({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    scopedLifetimeSeconds: SCOPED_LIFETIME_SECONDS,
    definitions: DEFINITIONS,
  });
  const accepted = (request: { headers: Headers }) =>
    api.accepts(request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "");
  const unauthorized = () => json({ detail: "Invalid authentication credentials" }, { status: 401 });
  let flakyAttempts = 0;
  api.on(API_PATHS.sourceDefinitions, (request, answer) => {
    const name = request.url.searchParams.get("name");
    if (name === "hang") return new Promise<Response>(() => {}); // the client's timeout must end it
    if (name !== "flaky" || !accepted(request)) return answer();
    if (++flakyAttempts === 1) return json({ detail: "try again" }, { status: 503 });
    return json({ definitions: [{ ...DEFINITIONS[0]!, name: `flaky (attempt ${flakyAttempts})` }] });
  });
  api.on(API_PATHS.widgetToken, (request) => {
    if (!accepted(request)) return unauthorized();
    const workspace = String(request.body?.workspace_name);
    const widgetUrl = `${WIDGET_BASE_URL}?${new URLSearchParams({ origin: String(request.body?.allowed_origin), workspace })}`;
    const exp = Math.floor(Date.now() / 1000) + SCOPED_LIFETIME_SECONDS;
    const inner = { token: jwt({ sub: workspace, exp }), widgetUrl };
    return json({ token: Buffer.from(JSON.stringify(inner)).toString("base64") });
  });
  api.on("/api/v1/workspaces", (request) => {
    if (!accepted(request)) return unauthorized();
    // Two workspaces a page, the next page's URL in `next` as the API gives it (absolute).
    const contains = request.url.searchParams.get("name_contains") ?? "";
    const matching = WORKSPACES.filter(({ name }) => name.includes(contains));
    const from = Number(request.url.searchParams.get("cursor") ?? "0");
    const query = new URLSearchParams({ name_contains: contains, cursor: String(from + 2) });
    const next = from + 2 < matching.length ? `${runBaseUrl}${request.path}?${query}` : null;
    return json({ data: matching.slice(from, from + 2), next });
  });
  return api;
}

export async function startFakeApi(): Promise<FakeApi> {
  const runs = new Map<string, RunApi>();
  let origin = "";
  const server = await serve({
    async handle(request) {
      const url = new URL(request.url);
      const match = /^\/runs\/([\w-]+)(\/.*)$/.exec(url.pathname);
      if (!match) return json({ detail: "no run in the path" }, { status: 404 });
      const [, runId, path] = match as unknown as [string, string, string];
      if (!runs.has(runId)) runs.set(runId, runApi(`${origin}/runs/${runId}`));
      const api = runs.get(runId)!;
      // The scenario reads this count to prove a refused call sent nothing; it is not a request of the client.
      if (path === "/__fake/requests") return json({ count: api.sent.length });
      const { method, headers } = request;
      const body = request.body === null ? undefined : await request.arrayBuffer();
      return api.handle(new Request(`${url.origin}${path}${url.search}`, { method, headers, body }));
    },
  });
  origin = server.url;
  return {
    baseUrlFor: (runId) => `${server.url}/runs/${runId}`,
    requestCount: (runId) => runs.get(runId)?.sent.length ?? 0,
    close: server.close,
  };
}

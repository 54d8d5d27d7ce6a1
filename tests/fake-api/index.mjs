// One fake Agent Engine API for the client's tests, the runtime tests and the bench. It issues
// application tokens and JWT scoped tokens whose lifetimes it enforces, honours revocation,
// counts exchanges, mints and every request that arrives with an expired or unknown token, and
// lets a test replace the answer for any path. `fetch` plays it in memory; `serve` puts it on
// 127.0.0.1.
import { createServer } from "node:http";
import { API_PATHS } from "@org/agent-engine-types";

export const ORGANIZATION_ID = "12345678-1234-1234-1234-123456789012";
export const WORKSPACE_ID = "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d";
export const DEFINITIONS = [
  { name: "GitHub", sourceDefinitionId: "acd81c8-0aeb-4e29-955d-a4a25d550401", supportLevel: "certified" },
];
/** Marks the scoped tokens this fake signed; a test's own `jwt()` carries another signature. */
const SIGNATURE = "fake-api-signed";

export function json(body, init = {}) {
  return new Response(JSON.stringify(body), {
    ...init,
    headers: { "Content-Type": "application/json", ...init.headers },
  });
}

export function jwt(claims, signature = "c2ln") {
  const encode = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode({ alg: "HS256", typ: "JWT" })}.${encode(claims)}.${signature}`;
}

function claimsOf(token) {
  const [, claims, signature] = token.split(".");
  if (signature !== SIGNATURE) return undefined;
  return JSON.parse(Buffer.from(claims, "base64url").toString("utf8"));
}

export function createFakeApi(options = {}) {
  const { clientId, clientSecret, scopedLifetimeSeconds = 1200, now = Date.now, log = true } = options;
  const definitions = options.definitions ?? DEFINITIONS;
  const enforceLifetimes = options.enforceLifetimes ?? true;
  const sent = [];
  const issued = [];
  const revoked = new Set();
  const overrides = new Map();
  const applicationTokens = new Map();
  const latest = {};
  const counts = { exchanges: 0, mints: 0, expiredTokenRequests: 0, unknownTokenRequests: 0 };
  let serial = 0;

  const issue = (kind, token) => {
    if (log) issued.push(token);
    latest[kind] = token;
    return token;
  };
  /** The grant behind the request's bearer token when it is of `kind`, alive and not revoked. */
  const grantOf = (request, kind) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    // A token a test put in `issued` itself is accepted for as long as it is not revoked.
    const handIssued = issued.includes(token) ? { exp: Number.POSITIVE_INFINITY } : undefined;
    const grant = (kind === "scoped" ? claimsOf(token) : applicationTokens.get(token)) ?? handIssued;
    if (!grant) return void counts.unknownTokenRequests++;
    if (enforceLifetimes && now() >= grant.exp * 1000) return void counts.expiredTokenRequests++;
    return revoked.has(token) ? undefined : grant;
  };
  const unauthorized = () => json({ detail: "Invalid authentication credentials" }, { status: 401 });

  const routes = {
    [API_PATHS.applicationToken]: ({ body }) => {
      if (clientId !== undefined && (body?.client_id !== clientId || body?.client_secret !== clientSecret))
        return json({ message: "Invalid client credentials", errors: [] }, { status: 401 });
      counts.exchanges++;
      const expiresIn = options.expiresIn ?? 900;
      const token = issue("application", `app-token-${++serial}`);
      applicationTokens.set(token, { exp: now() / 1000 + Number(expiresIn) });
      return json({ access_token: token, token_type: "bearer", expires_in: expiresIn });
    },
    [API_PATHS.scopedToken]: (request) => {
      if (!grantOf(request, "application")) return unauthorized();
      counts.mints++;
      const exp = Math.floor(now() / 1000) + scopedLifetimeSeconds;
      return json({
        token: issue("scoped", jwt({ sub: request.body.workspace_name, n: ++serial, exp }, SIGNATURE)),
      });
    },
    [API_PATHS.widgetToken]: (request) => {
      if (!grantOf(request, "application")) return unauthorized();
      const { workspace_name, allowed_origin } = request.body;
      const inner = jwt({ sub: workspace_name, exp: Math.floor(now() / 1000) + scopedLifetimeSeconds });
      const widgetUrl = `https://app.example/widget?allowedOrigin=${encodeURIComponent(allowed_origin)}`;
      return json({ token: Buffer.from(JSON.stringify({ token: inner, widgetUrl })).toString("base64url") });
    },
    [API_PATHS.scopedTokenInfo]: (request) => {
      const grant = grantOf(request, "scoped");
      if (!grant) return unauthorized();
      return json({ organization_id: ORGANIZATION_ID, workspace_id: WORKSPACE_ID, customer_name: grant.sub });
    },
    [API_PATHS.sourceDefinitions]: (request) => {
      if (!grantOf(request, "application")) return unauthorized();
      const name = request.url.searchParams.get("name")?.toLowerCase() ?? "";
      return json({ definitions: definitions.filter((d) => d.name.toLowerCase().includes(name)) });
    },
  };

  /** Answers a web-standard Request as the API would. */
  async function handle(request) {
    const url = new URL(request.url);
    const text = request.body === null ? "" : await request.text();
    const entry = {
      method: request.method,
      path: url.pathname,
      url,
      headers: new Headers(request.headers),
      body: text ? JSON.parse(text) : undefined,
    };
    if (log) sent.push(entry);
    const route = routes[url.pathname] ?? (() => json({ detail: "Not Found" }, { status: 404 }));
    const override = overrides.get(url.pathname);
    return override ? override(entry, () => route(entry)) : route(entry);
  }

  return {
    handle,
    // What the platform's fetch would send: the request with the init laid over it.
    fetch: async (given, init) => handle(new Request(given, init)),
    sent,
    issued,
    revoked,
    counts,
    count: (path) => sent.filter((r) => r.path === path).length,
    on: (path, handler) => overrides.set(path, handler),
    /** Whether `token` is an application token this fake issued and still accepts. */
    accepts: (token) => applicationTokens.has(token) && !revoked.has(token),
    latest: (kind) => latest[kind],
  };
}

/** Serves `api` on 127.0.0.1 (a free port unless given), keep-alive, until `close()`. */
export async function serve(api, { port = 0 } = {}) {
  const server = createServer({ keepAlive: true }, async (req, res) => {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    const headers = Object.entries(req.headers).filter(([, value]) => typeof value === "string");
    const request = new Request(`http://${req.headers.host}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const response = await api.handle(request);
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  // Idle keep-alive connections stay open between calls, so no measured call pays for a new one.
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// A stateful stand-in for the Agent Engine API: tokens really expire and can be revoked, and
// it counts every request that arrives with an expired token. 127.0.0.1 only.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface TokenServerOptions {
  clientId: string;
  clientSecret: string;
  applicationLifetimeSeconds: number;
  scopedLifetimeSeconds: number;
}

interface Grant {
  kind: "application" | "scoped";
  expiresAt: number;
  workspace?: string;
}

export interface TokenServer {
  url: string;
  counts: { exchanges: number; mints: number; expiredTokenRequests: number; unknownTokenRequests: number };
  /** The newest token of a kind. */
  latest(kind: Grant["kind"]): string | undefined;
  revoke(token: string): void;
  close(): Promise<void>;
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const grants = new Map<string, Grant>();
  const order: string[] = [];
  const revoked = new Set<string>();
  const counts = { exchanges: 0, mints: 0, expiredTokenRequests: 0, unknownTokenRequests: 0 };
  let serial = 0;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json", "x-request-id": `req-${++serial}` });
    res.end(JSON.stringify(body));
  };
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return chunks.length ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined;
  };
  /** The grant behind the request's bearer token, or why there is none. */
  const authorize = (req: IncomingMessage, kind: Grant["kind"]): Grant | undefined => {
    const token = req.headers.authorization?.replace(/^Bearer /, "") ?? "";
    const grant = grants.get(token);
    if (!grant) {
      counts.unknownTokenRequests++;
      return undefined;
    }
    if (Date.now() >= grant.expiresAt) {
      counts.expiredTokenRequests++;
      return undefined;
    }
    return grant.kind === kind && !revoked.has(token) ? grant : undefined;
  };
  const issue = (grant: Grant, token: string) => {
    grants.set(token, grant);
    order.push(token);
    return token;
  };

  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const body = req.method === "POST" ? await readBody(req) : undefined;
    const unauthorized = () => send(res, 401, { detail: "Invalid authentication credentials" });
    if (path === "/api/v1/account/applications/token") {
      if (body?.client_id !== options.clientId || body?.client_secret !== options.clientSecret) {
        return send(res, 401, { message: "Invalid client credentials", errors: [] });
      }
      counts.exchanges++;
      const lifetime = options.applicationLifetimeSeconds;
      const token = issue(
        { kind: "application", expiresAt: Date.now() + lifetime * 1000 },
        `app-${++serial}`,
      );
      return send(res, 200, { access_token: token, token_type: "bearer", expires_in: lifetime });
    }
    if (path === "/api/v1/account/applications/scoped-token") {
      if (!authorize(req, "application")) return unauthorized();
      counts.mints++;
      const expiresAt = Date.now() + options.scopedLifetimeSeconds * 1000;
      const claims = { sub: body.workspace_name, n: ++serial, exp: Math.floor(expiresAt / 1000) };
      const token = `${base64url({ alg: "none" })}.${base64url(claims)}.sig`;
      issue(
        { kind: "scoped", expiresAt: Math.floor(expiresAt / 1000) * 1000, workspace: body.workspace_name },
        token,
      );
      return send(res, 200, { token });
    }
    if (path === "/api/v1/account/applications/scoped-token/info") {
      const grant = authorize(req, "scoped");
      if (!grant) return unauthorized();
      return send(res, 200, {
        organization_id: "12345678-1234-1234-1234-123456789012",
        workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
        customer_name: grant.workspace,
      });
    }
    if (path === "/api/v1/integrations/definitions/sources") {
      if (!authorize(req, "application")) return unauthorized();
      return send(res, 200, {
        definitions: [
          {
            name: "GitHub",
            sourceDefinitionId: "acd81c8-0aeb-4e29-955d-a4a25d550401",
            supportLevel: "certified",
          },
        ],
      });
    }
    return send(res, 404, { detail: "Not Found" });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    latest: (kind) => [...order].reverse().find((token) => grants.get(token)?.kind === kind),
    revoke: (token) => revoked.add(token),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

// A stateful stand-in for the Agent Engine API on 127.0.0.1 that can be told, request by
// request, to misbehave. It issues and checks bearer tokens, and logs every request it saw.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export const TOKEN_PATH = "/api/v1/account/applications/token";
export const SCOPED_PATH = "/api/v1/account/applications/scoped-token";
export const WIDGET_PATH = "/api/v1/account/applications/widget-token";
export const DEFINITIONS_PATH = "/api/v1/integrations/definitions/sources";
export const CLIENT_SECRET = "fault-suite-secret";

export type Fault =
  /** Answers this status (JSON body unless given). */
  | { status: number; headers?: Record<string, string>; body?: string }
  /** Destroys the connection once the request has arrived: the client sees a reset. */
  | { reset: true }
  /** Reads the request and never answers. */
  | { hang: true }
  /** Answers 200 normally, but sends the body in pieces, one every `intervalMs`. */
  | { slowBody: { pieces: number; intervalMs: number } }
  /** Answers 200 with its headers and the first bytes of the body, then sends nothing more. */
  | { stallBody: true }
  /** Redirects (301, 302, 303, 307, 308) to `location`. */
  | { redirect: number; location: string }
  /** Answers 200 with a JSON content type and a body that is not JSON. */
  | { malformedJson: true }
  /** A token exchange answer with these fields instead of the usual ones (undefined deletes one). */
  | { tokenFields: Record<string, unknown> }
  /** Waits for `until`, then answers normally. */
  | { holdUntil: Promise<void> };

export interface SeenRequest {
  method: string;
  path: string;
  /** performance.now() when the request's headers and body had arrived. */
  at: number;
  authorization: string | undefined;
  body: string;
}

export interface FaultServer {
  url: string;
  seen: SeenRequest[];
  /** Requests seen on one path. */
  count(path: string): number;
  /** The next requests on `path` meet these faults, one each, then the normal behaviour. */
  script(path: string, ...faults: Fault[]): void;
  /** Every application token issued so far is refused from now on (401). */
  revokeAll(): void;
  /** Forgets the log, the scripts and the revocations. */
  clear(): void;
  close(): Promise<void>;
}

/** Everything the server writes back is bounded: no loop runs longer than its script. */
export async function startFaultServer(options: { keepAliveTimeoutMs?: number } = {}): Promise<FaultServer> {
  const seen: SeenRequest[] = [];
  const scripts = new Map<string, Fault[]>();
  const issued = new Set<string>();
  const revoked = new Set<string>();
  const pendingTimers = new Set<NodeJS.Timeout>();
  let serial = 0;

  const sendJson = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  const authorized = (req: IncomingMessage) => {
    const token = req.headers.authorization?.replace(/^Bearer /, "");
    return token !== undefined && issued.has(token) && !revoked.has(token);
  };

  const normally = (
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    body: string,
    tokenFields?: Record<string, unknown>,
  ) => {
    if (path === TOKEN_PATH && req.method === "POST") {
      const credentials = JSON.parse(body || "{}") as { client_secret?: string };
      if (credentials.client_secret !== CLIENT_SECRET) {
        return sendJson(res, 401, { detail: "Invalid client credentials" });
      }
      const token = `app-token-${++serial}`;
      issued.add(token);
      const fields: Record<string, unknown> = {
        access_token: token,
        token_type: "bearer",
        expires_in: 900,
        ...tokenFields,
      };
      for (const [key, value] of Object.entries(fields)) if (value === undefined) delete fields[key];
      return sendJson(res, 200, fields);
    }
    if (!authorized(req)) return sendJson(res, 401, { detail: "Invalid authentication credentials" });
    if (path === DEFINITIONS_PATH && req.method === "GET") {
      return sendJson(res, 200, { definitions: [{ name: "GitHub", sourceDefinitionId: "ef69ef6e" }] });
    }
    if ((path === SCOPED_PATH || path === WIDGET_PATH) && req.method === "POST") {
      return sendJson(res, 200, { token: `${path === SCOPED_PATH ? "scoped" : "widget"}-${++serial}` });
    }
    return sendJson(res, 404, { message: `no route for ${req.method} ${path}` });
  };

  /** A normal 200 answer's body, for the faults that send it slowly. */
  const bodyFor = (path: string) => {
    if (path === TOKEN_PATH) {
      const token = `app-token-${++serial}`;
      issued.add(token);
      return { access_token: token, token_type: "bearer", expires_in: 900 };
    }
    if (path === SCOPED_PATH || path === WIDGET_PATH) return { token: `slow-${++serial}` };
    return { definitions: [{ name: "GitHub", sourceDefinitionId: "ef69ef6e" }] };
  };

  const later = (ms: number, action: () => void) => {
    const timer = setTimeout(() => {
      pendingTimers.delete(timer);
      action();
    }, ms).unref();
    pendingTimers.add(timer);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const path = new URL(req.url ?? "/", "http://localhost").pathname;
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({
        method: req.method ?? "",
        path,
        at: performance.now(),
        authorization: req.headers.authorization,
        body,
      });
      const fault = scripts.get(path)?.shift();
      if (!fault) return normally(req, res, path, body);
      if ("status" in fault)
        return sendJson(
          res,
          fault.status,
          fault.body ?? { message: `injected ${fault.status}` },
          fault.headers,
        );
      if ("reset" in fault) return req.socket.destroy();
      if ("hang" in fault) return;
      if ("malformedJson" in fault) return sendJson(res, 200, '{"definitions": [{"name": "Git');
      if ("tokenFields" in fault) return normally(req, res, path, body, fault.tokenFields);
      if ("holdUntil" in fault) {
        void fault.holdUntil.then(() => normally(req, res, path, body));
        return;
      }
      if ("redirect" in fault) {
        res.writeHead(fault.redirect, { location: fault.location });
        return res.end();
      }
      const text = JSON.stringify(bodyFor(path));
      if ("stallBody" in fault) {
        res.writeHead(200, { "content-type": "application/json" });
        return void res.write(text.slice(0, 5));
      }
      const size = Math.ceil(text.length / fault.slowBody.pieces);
      res.writeHead(200, { "content-type": "application/json" });
      const sendPiece = (index: number) => {
        if (res.destroyed) return;
        const piece = text.slice(index * size, (index + 1) * size);
        if (index + 1 >= fault.slowBody.pieces) return void res.end(piece);
        res.write(piece);
        later(fault.slowBody.intervalMs, () => sendPiece(index + 1));
      };
      sendPiece(0);
    });
  });
  // Only the client's sockets may keep the process alive: the fault suite looks for them.
  server.on("connection", (socket) => socket.unref());
  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    count: (path) => seen.filter((request) => request.path === path).length,
    script(path, ...faults) {
      scripts.set(path, [...(scripts.get(path) ?? []), ...faults]);
    },
    revokeAll() {
      for (const token of issued) revoked.add(token);
    },
    clear() {
      seen.length = 0;
      scripts.clear();
      revoked.clear();
    },
    async close() {
      for (const timer of pendingTimers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

/** A port nothing listens on: connecting to it is refused. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

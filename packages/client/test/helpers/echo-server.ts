// A server on 127.0.0.1 that echoes what it received, so that bare openapi-fetch and the
// client can be compared on what actually reached the wire. It also answers the client's
// token exchange. A request picks another answer with its `x-answer` header (see Answer).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export const TOKEN_PATH = "/api/v1/account/applications/token";

/**
 * - `echo` (default): 200 JSON `{ method, path, search, headers, body }` of the request.
 * - `not-found-text`: 404 `text/plain` "Not here".
 * - `not-found-json`: 404 JSON `{ detail: "No such definition" }`.
 * - `empty`: 200 with `Content-Length: 0`.
 * - `trickle`: 200, one small chunk at once, then one every TRICKLE_INTERVAL_MS for
 *   TRICKLE_CHUNKS chunks (well over 10 s in all), unless the connection closes first.
 * - `hang`: reads the request and never answers (until the connection closes).
 */
export type Answer = "echo" | "not-found-text" | "not-found-json" | "empty" | "trickle" | "hang";

export const TRICKLE_INTERVAL_MS = 250;
export const TRICKLE_CHUNKS = 60;

export interface SeenRequest {
  method: string;
  path: string;
  search: string;
  headers: Record<string, string>;
  body: string;
}

export interface EchoServer {
  url: string;
  /** Every request since the last reset, token exchanges included, in order of arrival. */
  seen: SeenRequest[];
  /** The requests since the last reset that were not token exchanges. */
  calls(): SeenRequest[];
  /** Application tokens issued since the last reset, newest last. */
  issued: string[];
  /** Resolves when a request with this answer has arrived (and, for `trickle`, its first chunk is out). */
  arrival(answer: Answer): Promise<void>;
  /** Ends every open connection and answer and forgets the log; resolves once they are closed. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const seen: SeenRequest[] = [];
  const issued: string[] = [];
  const open = new Set<ServerResponse>();
  const waiting = new Map<Answer, Array<() => void>>();
  let serial = 0;

  const arrived = (answer: Answer) => {
    for (const resolve of waiting.get(answer) ?? []) resolve();
    waiting.delete(answer);
  };

  const sendJson = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json", "x-server": "echo" });
    res.end(JSON.stringify(body));
  };

  const trickle = (res: ServerResponse) => {
    res.writeHead(200, { "content-type": "application/octet-stream", "x-server": "echo" });
    let sent = 0;
    const writeChunk = () => {
      sent++;
      res.write(`chunk-${sent}\n`);
      if (sent === TRICKLE_CHUNKS) {
        clearInterval(timer);
        res.end();
      }
    };
    const timer = setInterval(writeChunk, TRICKLE_INTERVAL_MS);
    res.on("close", () => clearInterval(timer));
    writeChunk();
  };

  const answer = (req: IncomingMessage, res: ServerResponse, request: SeenRequest) => {
    if (request.path === TOKEN_PATH && request.method === "POST") {
      const token = `app-token-${++serial}`;
      issued.push(token);
      return sendJson(res, 200, { access_token: token, token_type: "bearer", expires_in: 900 });
    }
    const kind = (req.headers["x-answer"] as Answer | undefined) ?? "echo";
    switch (kind) {
      case "not-found-text":
        res.writeHead(404, { "content-type": "text/plain", "x-server": "echo" });
        return res.end("Not here");
      case "not-found-json":
        return sendJson(res, 404, { detail: "No such definition" });
      case "empty":
        res.writeHead(200, { "content-length": "0", "x-server": "echo" });
        return res.end();
      case "trickle":
        trickle(res);
        return arrived(kind);
      case "hang":
        return arrived(kind);
      default:
        return sendJson(res, 200, request);
    }
  };

  const server = createServer((req, res) => {
    // One connection per request: a kept-alive socket that reset() closed could otherwise be
    // picked for the next scenario's first request, which would fail with "other side closed".
    res.setHeader("connection", "close");
    open.add(res);
    res.on("close", () => open.delete(res));
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      const request: SeenRequest = {
        method: req.method ?? "",
        path: url.pathname,
        search: url.search,
        headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      seen.push(request);
      answer(req, res, request);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    issued,
    calls: () => seen.filter((request) => request.path !== TOKEN_PATH),
    arrival(kind) {
      return new Promise<void>((resolve) => {
        const list = waiting.get(kind) ?? [];
        list.push(resolve);
        waiting.set(kind, list);
      });
    },
    async reset() {
      const closing = [...open].map(
        (res) =>
          new Promise<void>((resolve) => (res.closed ? resolve() : res.once("close", () => resolve()))),
      );
      server.closeAllConnections();
      await Promise.all(closing);
      seen.length = 0;
      issued.length = 0;
      waiting.clear();
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

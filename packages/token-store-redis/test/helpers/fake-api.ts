// The token endpoints of the Agent Engine API on 127.0.0.1, counting exchanges and mints for
// the whole fleet. Tokens are opaque serial strings; a revoked one is refused with 401.
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { API_PATHS } from "@org/agent-engine-types";

export const CREDENTIALS = { clientId: "fleet-client", clientSecret: "fleet-secret-value" };

export interface FakeApi {
  url: string;
  exchanges: number;
  mints: number;
  /** Workspace names minted for, with how many times. */
  minted: Map<string, number>;
  /** Token → workspace name ("" for the application token) of every token issued. */
  issued: Map<string, string>;
  revoked: Set<string>;
  /** While set, exchanges are counted and then never answered (a holder that hangs). */
  holdExchanges: boolean;
  /** Resolves when the next exchange arrives. */
  nextExchange(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFakeApi(): Promise<FakeApi> {
  let serial = 0;
  let exchangeWaiters: (() => void)[] = [];
  const held: ServerResponse[] = [];
  const api: Omit<FakeApi, "url" | "stop"> = {
    exchanges: 0,
    mints: 0,
    minted: new Map(),
    issued: new Map(),
    revoked: new Set(),
    holdExchanges: false,
    nextExchange: () => new Promise<void>((resolve) => exchangeWaiters.push(resolve)),
  };
  const issue = (workspace: string) => {
    const token = `${workspace ? "scoped" : "app"}-${++serial}-${Math.random().toString(36).slice(2)}`;
    api.issued.set(token, workspace);
    return token;
  };
  const bearer = (request: IncomingMessage) => {
    const token = request.headers.authorization?.replace(/^Bearer /, "") ?? "";
    return api.issued.has(token) && !api.revoked.has(token) ? token : undefined;
  };

  const server = createServer(async (request, response) => {
    let text = "";
    for await (const chunk of request) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    const path = new URL(request.url ?? "/", "http://x").pathname;
    const send = (status: number, answer: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(answer));
    };
    if (path === API_PATHS.applicationToken) {
      api.exchanges++;
      const waiters = exchangeWaiters;
      exchangeWaiters = [];
      for (const waiter of waiters) waiter();
      if (api.holdExchanges) return void held.push(response);
      return send(200, { access_token: issue(""), token_type: "bearer", expires_in: 900 });
    }
    const token = bearer(request);
    if (token === undefined) return send(401, { detail: "Invalid authentication credentials" });
    if (path === API_PATHS.scopedToken && api.issued.get(token) === "") {
      const workspace = String(body?.workspace_name);
      api.mints++;
      api.minted.set(workspace, (api.minted.get(workspace) ?? 0) + 1);
      return send(200, { token: issue(workspace) });
    }
    if (path === API_PATHS.scopedTokenInfo && api.issued.get(token) !== "") {
      return send(200, {
        organization_id: "12345678-1234-1234-1234-123456789012",
        workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
        customer_name: api.issued.get(token),
      });
    }
    if (path === API_PATHS.sourceDefinitions && api.issued.get(token) === "")
      return send(200, { definitions: [] });
    send(404, { detail: "Not Found" });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  return Object.assign(api, {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

// The endpoint a signed-in user's browser calls to get a widget token. The client secret stays
// on this server; the browser receives only a token bound to its own origin and workspace.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { validateAllowedOrigin, type AgentEngineClient } from "@org/agent-engine-client";
import { httpAnswerFor } from "./errors-to-http.js";
import { WIDGET_PAGE_HTML, WIDGET_PAGE_ROUTE } from "./page.js";
import { WIDGET_TOKEN_ROUTE } from "./route.js";
import type { SessionStore } from "./sessions.js";

export { WIDGET_TOKEN_ROUTE };

export interface WidgetTokenServerOptions {
  client: Pick<AgentEngineClient, "createWidgetToken">;
  /** The exact origins of your pages that embed the widget, e.g. `https://app.example.com`. */
  allowedOrigins: string[];
  sessions: SessionStore;
  log?: (line: string) => void;
}

export function createWidgetTokenServer(options: WidgetTokenServerOptions): Server {
  // A malformed origin would never match a browser's, so refuse it at startup.
  const allowedOrigins = new Set(options.allowedOrigins.map((origin) => validateAllowedOrigin(origin)));
  const log = options.log ?? ((line: string) => console.error(line));

  return createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      log(`unexpected failure: ${describe(error)}`);
      if (!response.headersSent) send(response, 500, { error: "internal error" });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const { pathname } = new URL(request.url ?? "/", "http://localhost");
    if (pathname === WIDGET_PAGE_ROUTE && request.method === "GET") {
      response
        .writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
        .end(WIDGET_PAGE_HTML);
      return;
    }
    if (pathname !== WIDGET_TOKEN_ROUTE) return send(response, 404, { error: "not found" });

    // Checked before anything else: a token minted for an origin not on the list would let
    // another site embed the widget as this user. Browsers send Origin with every POST and
    // every cross-origin request; a request without one did not come from one of our pages.
    const origin = request.headers.origin;
    if (origin === undefined || !allowedOrigins.has(origin)) {
      return send(response, 403, { error: "this origin may not embed the widget" }, { Vary: "Origin" });
    }
    const cors = {
      "Access-Control-Allow-Origin": origin,
      "Access-Control-Allow-Credentials": "true",
      Vary: "Origin",
    };
    if (request.method === "OPTIONS") {
      const preflight = {
        "Access-Control-Allow-Methods": "POST",
        "Access-Control-Allow-Headers": "Content-Type",
      };
      return send(response, 204, undefined, { ...cors, ...preflight });
    }
    if (request.method !== "POST")
      return send(response, 405, { error: "use POST" }, { ...cors, Allow: "POST, OPTIONS" });

    const session = options.sessions.lookup(request);
    if (!session) return send(response, 401, { error: "sign in first" }, cors);

    try {
      const widget = await options.client.createWidgetToken({
        workspaceName: session.workspaceName,
        allowedOrigin: origin,
      });
      send(
        response,
        200,
        {
          token: widget.token,
          expiresAt: widget.expiresAt.toISOString(),
          widgetUrl: widget.widgetUrl ?? null,
        },
        { ...cors, "Cache-Control": "no-store" },
      );
    } catch (error) {
      const answer = httpAnswerFor(error);
      log(`widget token for user ${session.userId} failed (answered ${answer.status}): ${describe(error)}`);
      send(response, answer.status, { error: answer.message }, { ...cors, ...answer.headers });
    }
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (body === undefined) {
    response.writeHead(status, headers).end();
    return;
  }
  response.writeHead(status, { ...headers, "Content-Type": "application/json" }).end(JSON.stringify(body));
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

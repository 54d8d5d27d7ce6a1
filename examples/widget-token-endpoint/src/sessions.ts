// Stands in for your application's own sessions: which signed-in user sent this request, and
// which Agent Engine workspace holds their connections.
import type { IncomingMessage } from "node:http";

export interface Session {
  userId: string;
  /** One workspace per customer of yours; the widget works inside it. */
  workspaceName: string;
}

export interface SessionStore {
  lookup(request: IncomingMessage): Session | undefined;
}

/** Finds the session named by the request's `session` cookie among a fixed set. */
export function createInMemorySessionStore(sessions: Record<string, Session>): SessionStore {
  const byId = new Map(Object.entries(sessions));
  return {
    lookup(request) {
      const id = readCookie(request.headers.cookie, "session");
      return id === undefined ? undefined : byId.get(id);
    },
  };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of header?.split(";") ?? []) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}

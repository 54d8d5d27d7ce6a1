import type { Middleware } from "openapi-fetch";
import type { TokenProvider } from "./token-source.js";
import { withOwnKeys } from "../request-keys.js";
import { takesNoToken } from "./paths.js";

interface SentWith {
  token: string;
  /** An unsent copy of a request with a body, taken before fetch consumed it. */
  withBody: Request | undefined;
}

/**
 * openapi-fetch middleware that sends `tokens`' bearer token and, when the server answers
 * 401, drops that token, takes a fresh one and replays the request once. The replay goes
 * straight to fetch, so a second 401 is returned as it is: never a loop.
 */
export function createAuthMiddleware(tokens: TokenProvider): Middleware {
  // Keyed by openapi-fetch's per-call options object, so nothing outlives its call.
  const sent = new WeakMap<object, SentWith>();
  return {
    async onRequest({ request, schemaPath, options }) {
      if (takesNoToken(request.method, schemaPath)) return undefined;
      const token = await tokens.getToken(request.signal);
      request.headers.set("Authorization", `Bearer ${token}`);
      // Only a body needs copying ahead of time; a bodyless request is copied if a 401 comes.
      sent.set(options, { token, withBody: request.body === null ? undefined : copyRequest(request) });
      return request;
    },
    async onResponse({ request, response, options }) {
      const first = sent.get(options);
      if (!first || response.status !== 401) return undefined;
      sent.delete(options);
      tokens.rejectToken(first.token);
      const replay = first.withBody ?? copyRequest(request);
      const token = await tokens.getToken(replay.signal);
      replay.headers.set("Authorization", `Bearer ${token}`);
      await response.body?.cancel();
      return options.fetch(replay);
    },
  };
}

/** A copy that keeps the body (cloned before sending) and the per-call options. */
function copyRequest(request: Request): Request {
  return withOwnKeys(request, request.clone());
}

import { unauthenticatedOperations } from "@org/agent-engine-types";

/**
 * Operations the spec marks `security: []`, sent without a bearer token. The transport sees
 * only a URL (behind any base URL prefix), so each path becomes a pattern for its end.
 */
const UNAUTHENTICATED = /* @__PURE__ */ unauthenticatedOperations.map((operation) => {
  const [method, path] = operation.split(" ") as [string, string];
  return { method, path: new RegExp(`${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/]+\}/g, "[^/?#]+")}(?:[?#]|$)`) };
});

export function takesNoToken(request: Request): boolean {
  for (const { method, path } of UNAUTHENTICATED) if (request.method === method && path.test(request.url)) return true;
  return false;
}

export const APPLICATION_TOKEN_PATH = "/api/v1/account/applications/token";
export const SCOPED_TOKEN_PATH = "/api/v1/embedded/scoped-token";
export const WIDGET_TOKEN_PATH = "/api/v1/embedded/widget-token";

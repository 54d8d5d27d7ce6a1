import { API_PATHS, unauthenticatedOperations } from "@org/agent-engine-types";

/**
 * Operations the spec marks `security: []`, sent without a bearer token. The transport sees
 * only a URL (behind any base URL prefix), so each path becomes a pattern for its end.
 */
const UNAUTHENTICATED = /* @__PURE__ */ unauthenticatedOperations.map((operation) => {
  const [method, path] = operation.split(" ") as [string, string];
  return {
    method,
    path: new RegExp(
      `${path.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^/]+\}/g, "[^/?#]+")}(?:[?#]|$)`,
    ),
  };
});

export function takesNoToken(request: Request): boolean {
  for (const { method, path } of UNAUTHENTICATED)
    if (request.method === method && path.test(request.url)) return true;
  return false;
}

/** POSTs that only mint a token: sending one twice mints two tokens, which is harmless. */
export const TOKEN_MINT_PATHS: readonly string[] = [
  API_PATHS.applicationToken,
  API_PATHS.scopedToken,
  API_PATHS.widgetToken,
];

import { unauthenticatedOperations } from "@org/agent-engine-types";

/** Operations the spec marks `security: []`, as `METHOD /path`: sent without a bearer token. */
const UNAUTHENTICATED = /* @__PURE__ */ new Set(unauthenticatedOperations);

export function takesNoToken(method: string, schemaPath: string): boolean {
  return UNAUTHENTICATED.has(`${method} ${schemaPath}`);
}

export const APPLICATION_TOKEN_PATH = "/api/v1/account/applications/token";
export const SCOPED_TOKEN_PATH = "/api/v1/embedded/scoped-token";
export const WIDGET_TOKEN_PATH = "/api/v1/embedded/widget-token";

import type { paths } from "./generated/schema.js";

/**
 * The paths the client, its tests, scripts and benchmarks name, in one place. Each must be a
 * path of the spec (checked at compile time), so a path renamed in the spec breaks the build
 * here rather than a call at run time.
 */
export const API_PATHS = {
  applicationToken: "/api/v1/account/applications/token",
  scopedToken: "/api/v1/account/applications/scoped-token",
  scopedTokenInfo: "/api/v1/account/applications/scoped-token/info",
  widgetToken: "/api/v1/account/applications/widget-token",
  sourceDefinitions: "/api/v1/integrations/definitions/sources",
} as const satisfies Record<string, keyof paths>;

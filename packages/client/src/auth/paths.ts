/** Operations the spec marks `security: []`: they are called without a bearer token. */
export const UNAUTHENTICATED_PATHS: ReadonlySet<string> = new Set(["/api/v1/account/applications/token"]);

export const APPLICATION_TOKEN_PATH = "/api/v1/account/applications/token";
export const SCOPED_TOKEN_PATH = "/api/v1/embedded/scoped-token";
export const WIDGET_TOKEN_PATH = "/api/v1/embedded/widget-token";

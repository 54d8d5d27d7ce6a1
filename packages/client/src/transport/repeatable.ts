import { APPLICATION_TOKEN_PATH, SCOPED_TOKEN_PATH, WIDGET_TOKEN_PATH } from "../auth/paths.js";

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** POSTs that only mint a token: sending one twice mints two tokens, which is harmless. */
const REPEATABLE_POST_PATHS: readonly string[] = [APPLICATION_TOKEN_PATH, SCOPED_TOKEN_PATH, WIDGET_TOKEN_PATH];

/** Whether sending `request` twice does no more harm than sending it once. */
export function isSafeToRepeat(request: Request): boolean {
  if (IDEMPOTENT_METHODS.has(request.method)) return true;
  if (request.method !== "POST") return false;
  // The base URL may carry a path prefix (a proxy), so compare the end of the path.
  const { pathname } = new URL(request.url);
  return REPEATABLE_POST_PATHS.some((path) => pathname.endsWith(path));
}

import { TOKEN_MINT_PATHS } from "../auth/paths.js";

const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether sending `request` twice does no more harm than sending it once. */
export function isSafeToRepeat(request: Request): boolean {
  if (IDEMPOTENT_METHODS.has(request.method)) return true;
  return request.method === "POST" && isTokenMint(request);
}

/** Whether `request` goes to one of the three token mints (whatever its method). */
export function isTokenMint(request: Request): boolean {
  // The base URL may carry a path prefix (a proxy), so compare the end of the path.
  const { pathname } = new URL(request.url);
  return TOKEN_MINT_PATHS.some((path) => pathname.endsWith(path));
}

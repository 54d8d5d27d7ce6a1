export declare const ORGANIZATION_ID: string;
export declare const WORKSPACE_ID: string;
export declare const DEFINITIONS: Array<{ name: string; sourceDefinitionId: string; supportLevel: string }>;

export interface SentRequest {
  method: string;
  path: string;
  url: URL;
  headers: Headers;
  body: any;
}
/** `answer()` gives what the fake would have answered without the override. */
export type Handler = (request: SentRequest, answer: () => Response) => Response | Promise<Response>;

export interface FakeApiOptions {
  /** When set, the token exchange checks the credentials. */
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of application tokens (any value, to test bad answers); 900 by default. */
  expiresIn?: unknown;
  scopedLifetimeSeconds?: number;
  now?: () => number;
  /** false accepts expired tokens (to see what a client sends); true by default. */
  enforceLifetimes?: boolean;
  /** false keeps no log of requests or tokens (the bench's memory run). */
  log?: boolean;
  /** The source definitions it lists (one, GitHub, by default). */
  definitions?: Array<{ name: string; sourceDefinitionId: string; supportLevel: string }>;
}

export interface FakeApi {
  handle(request: Request): Promise<Response>;
  fetch(input: Request | string | URL, init?: RequestInit): Promise<Response>;
  sent: SentRequest[];
  /** Tokens issued, newest last. */
  issued: string[];
  /** Tokens it no longer accepts. */
  revoked: Set<string>;
  counts: { exchanges: number; mints: number; expiredTokenRequests: number; unknownTokenRequests: number };
  count(path: string): number;
  /** Replaces the answer for one path (every method). */
  on(path: string, handler: Handler): void;
  /** Whether `token` is an application token it issued and still accepts. */
  accepts(token: string): boolean;
  latest(kind: "application" | "scoped"): string | undefined;
}

export declare function json(body: unknown, init?: ResponseInit): Response;
export declare function jwt(claims: Record<string, unknown>, signature?: string): string;
export declare function createFakeApi(options?: FakeApiOptions): FakeApi;
export declare function serve(
  api: Pick<FakeApi, "handle">,
  options?: { port?: number },
): Promise<{ url: string; close(): Promise<void> }>;

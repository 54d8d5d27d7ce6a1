import { expectData, requireToken, summarize, type AgentEngineApi } from "../http.js";
import { requireNonEmptyString } from "../validate.js";
import { believableLifetimeMs, issueToken, jwtExpiry, MINUTE, type IssuedToken } from "./lifetime.js";
import { APPLICATION_TOKEN_PATH } from "./paths.js";
import { RefreshingToken } from "./token-source.js";

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Documented lifetime, used only when a response carries no believable `expires_in` or `exp`. */
const DOCUMENTED_APPLICATION_LIFETIME = 15 * MINUTE;

/**
 * The organization-wide token, exchanged for client credentials on first need and refreshed
 * from the `expires_in` of each response. `api` sends the exchange; it needs no auth (an
 * authenticated client works too: its transport sends the exchange without a token).
 */
export function createApplicationTokenProvider(
  api: AgentEngineApi,
  credentials: ClientCredentials,
  options: { baseUrl?: string; now?: () => number } = {},
): RefreshingToken {
  const clientId = requireNonEmptyString("clientId", credentials.clientId);
  const clientSecret = requireNonEmptyString("clientSecret", credentials.clientSecret, true);
  const now = options.now ?? (() => Date.now());
  const summary = summarize("POST", options.baseUrl ?? "", APPLICATION_TOKEN_PATH);

  return new RefreshingToken(async (): Promise<IssuedToken> => {
    const sentAt = now();
    const data = await expectData(
      api.POST(APPLICATION_TOKEN_PATH, { body: { client_id: clientId, client_secret: clientSecret } }),
      summary,
    );
    const token = requireToken(data.access_token, summary);
    const lifetime = believableLifetimeMs(data.expires_in);
    const expiresAt =
      lifetime !== undefined ? sentAt + lifetime : (jwtExpiry(token, sentAt) ?? sentAt + DOCUMENTED_APPLICATION_LIFETIME);
    return issueToken(token, sentAt, expiresAt);
  }, now);
}

import { API_PATHS } from "@org/agent-engine-types";
import type { AgentEngineApi } from "../http.js";
import { requireNonEmptyString, requireObject } from "../validate.js";
import { jwtExpiry } from "./jwt.js";
import { believableLifetimeMs, MINUTE, scheduleRefresh, type IssuedToken } from "./lifetime.js";
import type { TokenProvider } from "./token-source.js";
import { provideToken, type SharedTokenStore } from "./token-store.js";
import { requestToken } from "./token-request.js";

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
  options: { baseUrl?: string; now?: () => number; tokenStore?: SharedTokenStore } = {},
): TokenProvider {
  requireObject("credentials", credentials);
  const clientId = requireNonEmptyString("clientId", credentials.clientId);
  const clientSecret = requireNonEmptyString("clientSecret", credentials.clientSecret, true);
  const now = options.now ?? (() => Date.now());
  const body = { client_id: clientId, client_secret: clientSecret };

  return provideToken(
    async (): Promise<IssuedToken> => {
      const sentAt = now();
      const { token, answer } = await requestToken(
        api,
        API_PATHS.applicationToken,
        body,
        "access_token",
        options,
      );
      const lifetime = believableLifetimeMs(answer.expires_in);
      const expiresAt =
        lifetime !== undefined
          ? sentAt + lifetime
          : (jwtExpiry(token, sentAt) ?? sentAt + DOCUMENTED_APPLICATION_LIFETIME);
      return scheduleRefresh(token, sentAt, expiresAt);
    },
    now,
    options.tokenStore,
  );
}

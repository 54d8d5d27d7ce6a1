// The shared fake Agent Engine API (@org/fake-api) on 127.0.0.1, seen as the fleet tests need
// it: counts for the whole fleet, mints per workspace, and exchanges held unanswered on demand.
import { API_PATHS } from "@org/agent-engine-types";
import { createFakeApi, serve } from "@org/fake-api";

export const CREDENTIALS = { clientId: "fleet-client", clientSecret: "fleet-secret-value" };

export type FakeApi = Awaited<ReturnType<typeof startFakeApi>>;

export async function startFakeApi() {
  const api = createFakeApi(CREDENTIALS);
  const server = await serve(api);
  let arrivals: (() => void)[] = [];
  const fake = {
    url: server.url,
    counts: api.counts,
    /** Tokens it no longer accepts. */
    revoked: api.revoked,
    latestScopedToken: () => api.latest("scoped"),
    /** While set, exchanges arrive (and are counted) but are never answered: a holder that hangs. */
    holdExchanges: false,
    /** Token exchanges that arrived, answered or held. */
    exchanges: () => api.count(API_PATHS.applicationToken),
    /** Scoped-token mint requests that arrived for `workspace`. */
    mintsFor: (workspace: string) =>
      api.sent.filter(
        (sent) => sent.path === API_PATHS.scopedToken && sent.body?.workspace_name === workspace,
      ).length,
    /** Resolves when the next exchange arrives. */
    nextExchange: () => new Promise<void>((resolve) => arrivals.push(resolve)),
    stop: () => server.close(),
  };
  api.on(API_PATHS.applicationToken, (_request, answer) => {
    const waiting = arrivals;
    arrivals = [];
    for (const resolve of waiting) resolve();
    return fake.holdExchanges ? new Promise<Response>(() => {}) : answer();
  });
  return fake;
}

// The part of the Agent Engine API the bench calls, as a plain function of the request, so
// the same answers and counters serve the HTTP server (server.mjs) and the in-process fetch
// of the memory run (memory.mjs).
import { API_PATHS } from "@org/agent-engine-types";
import { issueJwt, verifyJwt } from "./jwt.mjs";

export const CREDENTIALS = { clientId: "bench-client", clientSecret: "bench-secret" };
export const ORGANIZATION_ID = "12345678-1234-1234-1234-123456789012";

export const PATHS = API_PATHS;

/** The seed's two definitions (agent-engine-api.txt, "Make your first request"). */
const DEFINITIONS = [
  {
    sourceDefinitionId: "acd81c8-0aeb-4e29-955d-a4a25d550401",
    name: "GitHub",
    iconUrl: "https://connectors.airbyte.com/files/metadata/airbyte/source-github/latest/icon.svg",
    supportLevel: "certified",
  },
  {
    sourceDefinitionId: "b117307c-14b6-41aa-9571-75e6871e6d44",
    name: "Salesforce",
    iconUrl: "https://connectors.airbyte.com/files/metadata/airbyte/source-salesforce/latest/icon.svg",
    supportLevel: "certified",
  },
];
const ALL_DEFINITIONS_BODY = JSON.stringify({ definitions: DEFINITIONS });

const DEFAULT_LIFETIMES = { applicationLifetimeSeconds: 900, scopedLifetimeSeconds: 20 * 60 };

function emptyCounters() {
  return {
    exchanges: 0,
    mints: 0,
    /** Workspaces minted for at least once (only when workspaces are tracked). */
    workspacesMinted: 0,
    requests: { application: 0, scoped: 0, unauthenticated: 0 },
    /** Requests that carried a token this server issued but that had expired. */
    expired: { application: 0, scoped: 0 },
    /** Requests without a bearer token this server issued (missing, forged, or the wrong kind). */
    rejected: 0,
  };
}

/**
 * `trackWorkspaces` remembers every workspace minted for (to count distinct ones); the memory
 * run turns it off so the fake API adds nothing to the heap it measures.
 */
export function createFakeApi({ trackWorkspaces = true } = {}) {
  let counters = emptyCounters();
  let lifetimes = { ...DEFAULT_LIFETIMES };
  const minted = new Set();

  function authenticate(authorization, kind) {
    const token = authorization?.startsWith("Bearer ") ? authorization.slice(7) : undefined;
    const claims = token === undefined ? undefined : verifyJwt(token);
    if (!claims || claims.kind !== kind) {
      counters.rejected++;
      return { error: reply(401, { message: "Unknown token" }) };
    }
    counters.requests[kind]++;
    if (Date.now() >= claims.exp * 1000) {
      counters.expired[kind]++;
      return { error: reply(401, { message: "Token expired" }) };
    }
    return { claims };
  }

  function handle({ method, pathname, authorization, body, query }) {
    if (method === "POST" && pathname === PATHS.applicationToken) {
      counters.requests.unauthenticated++;
      if (body?.client_id !== CREDENTIALS.clientId || body?.client_secret !== CREDENTIALS.clientSecret) {
        return reply(401, { message: "Invalid client credentials" });
      }
      counters.exchanges++;
      const expiresIn = lifetimes.applicationLifetimeSeconds;
      const accessToken = issueJwt({
        kind: "application",
        subject: CREDENTIALS.clientId,
        lifetimeMs: expiresIn * 1000,
      });
      return reply(200, {
        access_token: accessToken,
        token_type: "bearer",
        expires_in: expiresIn,
        organization_id: ORGANIZATION_ID,
      });
    }
    if (method === "GET" && pathname === PATHS.sourceDefinitions) {
      const { error } = authenticate(authorization, "application");
      if (error) return error;
      const name = query?.get("name")?.toLowerCase();
      if (!name) return { status: 200, text: ALL_DEFINITIONS_BODY };
      return reply(200, { definitions: DEFINITIONS.filter((d) => d.name.toLowerCase().includes(name)) });
    }
    if (method === "POST" && pathname === PATHS.scopedToken) {
      const { error } = authenticate(authorization, "application");
      if (error) return error;
      const workspace = body?.workspace_name;
      if (typeof workspace !== "string" || workspace === "") {
        return reply(422, { message: "workspace_name is required", errors: [] });
      }
      counters.mints++;
      if (trackWorkspaces && !minted.has(workspace)) {
        minted.add(workspace);
        counters.workspacesMinted++;
      }
      const lifetimeMs = lifetimes.scopedLifetimeSeconds * 1000;
      return reply(200, { token: issueJwt({ kind: "scoped", subject: workspace, lifetimeMs }) });
    }
    if (method === "GET" && pathname === PATHS.scopedTokenInfo) {
      const { claims, error } = authenticate(authorization, "scoped");
      if (error) return error;
      return reply(200, {
        organization_id: ORGANIZATION_ID,
        workspace_id: "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d",
        customer_name: claims.sub,
      });
    }
    return reply(404, { message: `No route for ${method} ${pathname}` });
  }

  return {
    handle,
    counters: () => structuredClone(counters),
    reset() {
      counters = emptyCounters();
      minted.clear();
    },
    /** Token lifetimes for tokens issued from now on; omitted fields go back to the defaults. */
    configure(next = {}) {
      lifetimes = { ...DEFAULT_LIFETIMES, ...next };
    },
  };
}

function reply(status, json) {
  return { status, text: JSON.stringify(json) };
}

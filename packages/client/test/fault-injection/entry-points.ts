// Every public entry point, for the fault matrix (entry-points.test.ts) and the process-exit
// child (exit-child.ts): the openapi-fetch methods, each kind of resource method, both kinds of
// pages, the three mints and forWorkspace. Each call reads its whole answer, as a user would.
import type { AgentEngineClient, CallOptions } from "../../src/index.js";
import { DEFINITIONS_PATH, SCOPED_PATH, WIDGET_PATH } from "./fault-server.js";

const ID = "0b3a5e1c-2f4d-4b6a-9c8e-7d1f2a3b4c5d";
const EXECUTE_PATH = `/api/v1/integrations/connectors/${ID}/execute`;
const execute = { entity: "issues", action: "list" } as never;

/**
 * What decides how a fault ends a call: `safe`, it is retried after it may have reached the
 * server; `mint`, the client reads its answer within the attempt; `answers`, an HTTP error comes
 * back as openapi-fetch's `{ error, response }`; `waits`, its path is a mint it waits for.
 */
export type Trait = "safe" | "mint" | "answers" | "waits";
export type Call = (client: AgentEngineClient, options: CallOptions) => Promise<unknown>;

async function drain(iterable: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of iterable) if (++count > 20) break;
  return count;
}

export const ENTRY_POINTS: [name: string, path: string, traits: Trait[], call: Call][] = [
  ["GET", DEFINITIONS_PATH, ["safe", "answers"], (c, o) => c.GET(DEFINITIONS_PATH, { ...o })],
  [
    "POST",
    EXECUTE_PATH,
    ["answers"],
    (c, o) =>
      c.POST("/api/v1/integrations/connectors/{id}/execute", {
        params: { path: { id: ID } },
        body: execute,
        ...o,
      }),
  ],
  ["a resource's JSON answer", `/api/v1/workspaces/${ID}`, ["safe"], (c, o) => c.workspaces.get(ID, o)],
  [
    "a resource's bytes",
    EXECUTE_PATH,
    [],
    async (c, o) => (await c.connectors.download(ID, execute, o)).arrayBuffer(),
  ],
  ["pages by next URL", "/api/v1/workspaces", ["safe"], (c, o) => drain(c.workspaces.list({}, o))],
  ["pages by cursor", EXECUTE_PATH, [], (c, o) => drain(c.connectors.executePages(ID, execute, o))],
  ["listSourceDefinitions", DEFINITIONS_PATH, ["safe"], (c, o) => c.listSourceDefinitions({}, o)],
  [
    "createScopedToken",
    SCOPED_PATH,
    ["safe", "mint"],
    (c, o) => c.createScopedToken({ workspaceName: "acme" }, o),
  ],
  [
    "createWidgetToken",
    WIDGET_PATH,
    ["safe", "mint"],
    (c, o) => c.createWidgetToken({ workspaceName: "acme", allowedOrigin: "https://app.example" }, o),
  ],
  [
    "forWorkspace's scoped mint",
    SCOPED_PATH,
    ["safe", "mint", "waits"],
    (c, o) => c.forWorkspace("acme").GET(DEFINITIONS_PATH, { ...o }),
  ],
];

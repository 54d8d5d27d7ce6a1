// `pnpm demo [--name github] [--workspace demo_workspace] [--origin http://localhost:3000]`: the
// client's whole job, step by step with timings. With AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET
// set it talks to the real API (or to AIRBYTE_BASE_URL), where minting a scoped token creates the
// workspace when it does not exist; with neither, to a Prism mock of the spec started here.
// Tokens are only ever shown by their first characters.
import { parseArgs } from "node:util";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { startPrism } from "../../../scripts/prism.js";

const { values } = parseArgs({
  options: {
    name: { type: "string", default: "github" },
    workspace: { type: "string", default: "demo_workspace" },
    origin: { type: "string", default: "http://localhost:3000" },
  },
});
const { name, workspace, origin } = values;
const preview = (token: string) => `${token.slice(0, 8)}…`;

const { AIRBYTE_CLIENT_ID, AIRBYTE_CLIENT_SECRET, AIRBYTE_BASE_URL } = process.env;
const mock = AIRBYTE_CLIENT_ID || AIRBYTE_CLIENT_SECRET || AIRBYTE_BASE_URL ? undefined : await startPrism();

let step = 0;
/** Runs one step and prints its title, its time and what came back. */
async function show<T>(title: string, action: () => Promise<T>, describe: (result: T) => string) {
  const startedAt = performance.now();
  const result = await action();
  console.log(
    `${++step}. ${title}  [${Math.round(performance.now() - startedAt)} ms]\n     ${describe(result)}`,
  );
  return result;
}

/** The mock answers a list with the spec's first page, whose next page is on the real API: ask for its last. */
function lastPagesOfTheMock(request: Request) {
  if (/\/workspaces$|\/execute$/.test(new URL(request.url).pathname))
    request.headers.set("Prefer", "example=last-page");
  return fetch(request);
}

try {
  const client = createAgentEngineClient(
    mock
      ? {
          clientId: "demo_client_id",
          clientSecret: "demo_client_secret",
          baseUrl: mock.url,
          fetch: lastPagesOfTheMock,
        }
      : {},
  );
  console.log(`Agent Engine client demo against ${mock ? `a mock of the spec on ${mock.url}` : "the API"}\n`);

  await show(
    `Exchange the credentials and list source definitions matching "${name}"`,
    () => client.listSourceDefinitions({ name }),
    (definitions) =>
      `${definitions.length} definition(s): ${definitions.map((found) => found.name).join(", ")}`,
  );
  await show(
    `Mint a scoped token for workspace "${workspace}"`,
    () => client.createScopedToken({ workspaceName: workspace }),
    (scoped) => `scoped token ${preview(scoped.token)}, expires ${scoped.expiresAt.toISOString()}`,
  );
  await show(
    `Mint a widget token for ${origin}`,
    () => client.createWidgetToken({ workspaceName: workspace, allowedOrigin: origin }),
    (widget) => `widget token ${preview(widget.token)}, expires ${widget.expiresAt.toISOString()}`,
  );
  await show(
    `Call the API as workspace "${workspace}" (forWorkspace mints and keeps its own scoped token)`,
    () => client.forWorkspace(workspace).tokenInfo(),
    (info) => `workspace ${info.workspace_name} (${info.workspace_id})`,
  );
  await show(
    `List workspaces whose name contains "acme", one page at a time`,
    async () => {
      const names: string[] = [];
      for await (const found of client.workspaces.list({ name_contains: "acme", limit: 20 }))
        names.push(found.name);
      return names;
    },
    (names) => `${names.length} workspace(s): ${names.join(", ")}`,
  );
  const connector = await show(
    `Create a ${name} connector in workspace "${workspace}"`,
    () =>
      client.connectors.create({
        workspace_name: workspace,
        name: `Demo ${name}`,
        connector_type: name,
        credentials: {
          personal_access_token: process.env.DEMO_CONNECTOR_TOKEN ?? "ghp_demo_not_a_real_token",
        },
        replication_config: { repositories: ["acme/website"] },
      }),
    (created) => `connector ${created.id} "${created.name}"`,
  );
  await show(
    `Run "list" on its issues, page by page (at most 3)`,
    async () => {
      let pages = 0;
      const request = { entity: "issues", action: "list", params: { limit: 10 } };
      for await (const _page of client.forWorkspace(workspace).connectors.executePages(connector.id, request))
        if (++pages === 3) break;
      return pages;
    },
    (pages) => `${pages} page(s)`,
  );
  await show(
    `Ask for the connector's deletion`,
    () => client.connectors.delete(connector.id),
    // A 202: the API accepted the deletion and carries it out in the background.
    ({ job_id }) => `deletion accepted, running as background job ${job_id}`,
  );
  console.log(`\nAll ${step} steps passed.`);
} catch (error) {
  // The client's errors name what went wrong and never carry a secret.
  console.error(
    `\nDemo failed at step ${step + 1}: ${error instanceof Error ? `${error.name}: ${error.message}` : error}`,
  );
  process.exitCode = 1;
} finally {
  await mock?.stop();
}

// `pnpm demo [--name github] [--workspace demo_workspace] [--origin http://localhost:3000]
// [--search acme] [--entity issues]`:
// the client's whole job, step by step with timings, against the Prism mock of the spec
// (started and stopped here) or, with AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET set, against
// the real API. AGENT_ENGINE_BASE_URL sends it to another server instead (a `pnpm mock` of your own).
// Step 7 creates a connector with a placeholder token (DEMO_CONNECTOR_TOKEN sets a real one).
// It loads the built package (`pnpm demo` builds it first), so it runs what consumers get.
import { parseArgs } from "node:util";
import { startPrism } from "./prism.mjs";

const APPLICATION_TOKEN_PATH = "/api/v1/account/applications/token";
const SCOPED_TOKEN_INFO_PATH = "/api/v1/account/applications/scoped-token/info";
// The mock answers a paginated list with the spec's first example, whose `next` names the
// real API's origin (which the client refuses to follow) and whose cursor never changes: the
// demo asks it for the spec's last page instead, so that iteration ends as it would for real.
const MOCK_LAST_PAGE = [/\/api\/v1\/workspaces$/, /\/api\/v1\/integrations\/connectors\/[^/]+\/execute$/];
const MAX_DEMO_PAGES = 3;
const MOCK_CREDENTIALS = { clientId: "demo_client_id", clientSecret: "demo_client_secret" };

/** Tokens and secrets are only ever shown by their first characters. */
function preview(secret) {
  return `${String(secret).slice(0, 8)}…`;
}

let prism;
let stopping = false;
for (const [signal, code] of [
  ["SIGINT", 130],
  ["SIGTERM", 143],
]) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.error(`\n${signal}: stopping${prism ? " the mock" : ""}.`);
    // A Prism still starting is killed by startPrism's own exit hook.
    Promise.resolve(prism?.stop()).finally(() => process.exit(code));
  });
}

process.exitCode = await main().catch((error) => {
  console.error(`\nDemo failed: ${describe(error)}`);
  return 1;
});

async function main() {
  const args = readArguments();
  const target = chooseTarget(process.env);
  const { createAgentEngineClient, DEFAULT_BASE_URL } = await loadClient();

  if (target.startMock) {
    console.log("Starting the Prism mock of spec/openapi.yaml…");
    prism = await startPrism({ onSlowStart: (message) => console.log(message) });
  }
  try {
    const baseUrl = target.baseUrl ?? prism?.url;
    console.log(`\nAgent Engine client demo against ${baseUrl ?? DEFAULT_BASE_URL} (${target.description})`);
    console.log(
      `  client id ${preview(target.credentials?.clientId ?? process.env.AIRBYTE_CLIENT_ID)}, client secret never shown`,
    );
    if (!target.credentials) {
      console.log(
        `  minting a scoped token creates workspace "${args.workspace}" if it does not exist (--workspace NAME)`,
      );
    }
    console.log("");

    const recorder = createRecordingFetch({ lastPageOnly: target.startMock });
    const client = createAgentEngineClient({ ...target.credentials, baseUrl, fetch: recorder.fetch });
    const report = createReport(recorder);
    await runSteps(client, report, { ...args, mock: target.startMock });
    console.log(`\nAll ${report.count()} steps passed in ${report.totalMs()} ms.`);
    return 0;
  } finally {
    if (prism) {
      await prism.stop();
      console.log("Stopped the mock.");
    }
  }
}

async function runSteps(client, report, { name, workspace, origin, search, entity, mock }) {
  // The client exchanges its credentials on the first authenticated call, so the listing
  // carries the exchange: its request is reported as the first step.
  await report.step(
    [`Exchange credentials for an application token`, `List source definitions matching "${name}"`],
    () => client.listSourceDefinitions({ name }),
    (definitions, requests) => {
      const exchange = requests.find((r) => r.path === APPLICATION_TOKEN_PATH);
      const token = exchange?.token;
      const listed =
        definitions.map((d) => `${d.name} (${d.supportLevel ?? "no support level"})`).join(", ") || "none";
      return [
        token
          ? `application token ${preview(token.access_token)} (${token.token_type}, expires in ${token.expires_in} s)`
          : "application token reused",
        `${definitions.length} definition(s): ${listed}` +
          (mock ? " (the mock answers with the spec's example whatever the filter)" : ""),
      ];
    },
  );

  await report.step(
    [`Mint a scoped token for workspace "${workspace}"`],
    () => client.createScopedToken({ workspaceName: workspace }),
    (scoped) => [`scoped token ${preview(scoped.token)}, expires ${scoped.expiresAt.toISOString()}`],
  );

  await report.step(
    [`Mint a widget token for ${origin}`],
    () => client.createWidgetToken({ workspaceName: workspace, allowedOrigin: origin }),
    (widget) => [
      `widget token ${preview(widget.token)}, expires ${widget.expiresAt.toISOString()}`,
      `widgetUrl ${widget.widgetUrl ? redactUrl(widget.widgetUrl) : "(none in the token)"}`,
    ],
  );

  await report.step(
    [`Call ${SCOPED_TOKEN_INFO_PATH} as workspace "${workspace}" (forWorkspace mints its own scoped token)`],
    () => client.forWorkspace(workspace).tokenInfo(),
    (info) => [
      `workspace ${info.workspace_name} (${info.workspace_id}) in organization ${info.organization_id}`,
    ],
  );

  await report.step(
    [`List workspaces whose name contains "${search}", by iteration (one page fetched at a time)`],
    async () => {
      const names = [];
      for await (const found of client.workspaces.list({ name_contains: search, limit: 20 }))
        names.push(`${found.name} (${found.status})`);
      return names;
    },
    (names) => [
      `${names.length} workspace(s): ${names.join(", ") || "none"}` +
        (mock ? " (the mock answers the spec's last-page example)" : ""),
    ],
  );

  const connector = await report.step(
    [`Create a ${name} connector in workspace "${workspace}"`],
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
    (created) => [
      `connector ${created.id} "${created.name}"${mock ? " (the mock answers the spec's example)" : ""}`,
    ],
  );

  await report.step(
    [
      `Execute "list" on its "${entity}" as workspace "${workspace}", page by page (at most ${MAX_DEMO_PAGES})`,
    ],
    async () => {
      const pages = [];
      const pageRequest = { entity, action: "list", params: { limit: 10 } };
      for await (const page of client
        .forWorkspace(workspace)
        .connectors.executePages(connector.id, pageRequest)) {
        pages.push(page);
        if (pages.length === MAX_DEMO_PAGES) break;
      }
      return pages;
    },
    (pages) =>
      pages.map(
        (page, index) =>
          `page ${index + 1}: ${Array.isArray(page.result) ? `${page.result.length} ${entity}` : "a result"}, status ${page.status}`,
      ),
  );

  await report.step(
    [`Delete connector ${connector.id}`],
    () => client.connectors.delete(connector.id),
    // A 202: the API accepted the deletion and runs it in the background; it is not done yet.
    ({ job_id }) => [`deletion accepted, not done yet: background job ${job_id}`],
  );
}

/** Prints each step as it ends: its title, timing, the HTTP requests it sent and what came back. */
function createReport(recorder) {
  let number = 0;
  let total = 0;
  return {
    count: () => number,
    totalMs: () => Math.round(total),
    async step(titles, action, summarize) {
      const firstRequest = recorder.requests.length;
      const startedAt = performance.now();
      let result;
      try {
        result = await action();
      } catch (error) {
        console.log(
          `${number + 1}. ${titles.join(" / ")}: FAILED after ${Math.round(performance.now() - startedAt)} ms`,
        );
        printRequests(recorder.requests.slice(firstRequest));
        throw error;
      }
      const endedAt = performance.now();
      total += endedAt - startedAt;
      const requests = recorder.requests.slice(firstRequest);
      const lines = summarize(result, requests);
      if (titles.length === 2) {
        // The first title is the token exchange the second step's call made on its way.
        const exchange = requests.filter((r) => r.path === APPLICATION_TOKEN_PATH);
        const rest = requests.filter((r) => r.path !== APPLICATION_TOKEN_PATH);
        const exchangeEnd = exchange.at(-1)?.endedAt ?? startedAt;
        printStep(++number, titles[0], exchangeEnd - startedAt, exchange, lines.slice(0, 1));
        printStep(++number, titles[1], endedAt - exchangeEnd, rest, lines.slice(1));
      } else {
        printStep(++number, titles[0], endedAt - startedAt, requests, lines);
      }
      return result;
    },
  };
}

function printStep(number, title, ms, requests, lines) {
  console.log(`${number}. ${title}  [${Math.round(ms)} ms]`);
  printRequests(requests);
  for (const line of lines) console.log(`     ${line}`);
}

function printRequests(requests) {
  for (const r of requests) {
    console.log(
      `     ${r.method} ${r.path}${r.query} -> ${r.status ?? "no answer"} (${Math.round(r.endedAt - r.startedAt)} ms)`,
    );
  }
}

/** The fetch the client sends with: records every request, and reads the exchange's answer for the report. */
function createRecordingFetch({ lastPageOnly }) {
  const requests = [];
  return {
    requests,
    async fetch(request) {
      const url = new URL(request.url);
      if (lastPageOnly && MOCK_LAST_PAGE.some((path) => path.test(url.pathname))) {
        // Prism's way to pick a named example of the answer.
        const headers = new Headers(request.headers);
        headers.set("Prefer", "example=last-page");
        request = new Request(request, { headers });
      }
      const entry = {
        method: request.method,
        path: url.pathname,
        query: url.search,
        startedAt: performance.now(),
      };
      requests.push(entry);
      try {
        const response = await fetch(request);
        entry.status = response.status;
        if (entry.path === APPLICATION_TOKEN_PATH && response.ok)
          entry.token = await response
            .clone()
            .json()
            .catch(() => undefined);
        return response;
      } finally {
        entry.endedAt = performance.now();
      }
    },
  };
}

/** The widget URL with any token-like query value shortened. */
function redactUrl(value) {
  try {
    const url = new URL(value);
    for (const [key, param] of url.searchParams)
      if (/token|secret|key/i.test(key)) url.searchParams.set(key, preview(param));
    return url.href;
  } catch {
    return preview(value);
  }
}

function readArguments() {
  const { values } = parseArgs({
    options: {
      name: { type: "string", default: "github" },
      workspace: { type: "string", default: "demo_workspace" },
      origin: { type: "string", default: "http://localhost:3000" },
      search: { type: "string", default: "acme" },
      entity: { type: "string", default: "issues" },
    },
  });
  return values;
}

function chooseTarget(env) {
  const hasId = Boolean(env.AIRBYTE_CLIENT_ID);
  const hasSecret = Boolean(env.AIRBYTE_CLIENT_SECRET);
  const baseUrl = env.AGENT_ENGINE_BASE_URL || undefined;
  if (hasId !== hasSecret) {
    throw new Error(
      "set both AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET to use the real API, or neither to use the mock",
    );
  }
  if (hasId) {
    // The client reads the credentials from the environment itself.
    return {
      startMock: false,
      baseUrl,
      credentials: undefined,
      description: "credentials from AIRBYTE_CLIENT_ID / AIRBYTE_CLIENT_SECRET",
    };
  }
  if (baseUrl)
    return {
      startMock: false,
      baseUrl,
      credentials: MOCK_CREDENTIALS,
      description: "AGENT_ENGINE_BASE_URL, demo credentials",
    };
  return {
    startMock: true,
    baseUrl: undefined,
    credentials: MOCK_CREDENTIALS,
    description:
      "the Prism mock started for this demo; set AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET for the real API",
  };
}

async function loadClient() {
  const built = new URL("../packages/client/dist/index.js", import.meta.url);
  try {
    return await import(built.href);
  } catch (error) {
    if (error?.code === "ERR_MODULE_NOT_FOUND" && error.message.includes(built.pathname)) {
      throw new Error("the client is not built: run `pnpm build` first (`pnpm demo` does)");
    }
    throw error;
  }
}

function describe(error) {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (cause: ${error.cause.name}: ${error.cause.message})` : "";
  return `${error.name}: ${error.message}${cause}`;
}

// The smoke scenario, written once and run unchanged in every runtime against the harness's
// fake API (harness/fake-api.ts). It imports the client by its package name: the harness
// copies this folder into a project where the packed package is installed, so a run uses
// exactly what npm users get. Web-standard code only: it must not itself need what it tests.
import {
  createAgentEngineClient,
  InvalidArgumentError,
  RequestTimeoutError,
  type AgentEngineClient,
} from "@org/agent-engine-client";
import type { ScenarioReport, StepResult } from "./report.js";
import { runtimeVersions } from "./versions.js";

export interface ScenarioConfig {
  /** The fake API's base URL for this run. */
  baseUrl: string;
}

const WORKSPACE = "runtime_workspace";
const PAGE_ORIGIN = "https://app.example.com";
const HUNG_CALL_TIMEOUT_MS = 300;

interface Context {
  config: ScenarioConfig;
  client?: AgentEngineClient;
}

type Step = (context: Context) => Promise<string>;

/** The steps in order; each returns what it saw or throws. */
export const STEPS: ReadonlyArray<readonly [name: string, run: Step]> = [
  ["create the client", createClient],
  ["list definitions with a name filter", listDefinitionsByName],
  ["mint a scoped token", mintScopedToken],
  ["mint a widget token", mintWidgetToken],
  ["call as a workspace", callAsWorkspace],
  ["recover from a 503 by a retry", recoverFrom503],
  ["end a hung request with RequestTimeoutError", endHungRequest],
  ["refuse a bad origin before any request", refuseBadOrigin],
  ["iterate a paginated list", iteratePaginatedList],
];

export async function runScenario(config: ScenarioConfig): Promise<ScenarioReport> {
  const context: Context = { config };
  const steps: StepResult[] = [];
  for (const [step, run] of STEPS) {
    try {
      steps.push({ step, ok: true, detail: await run(context) });
    } catch (error) {
      steps.push({ step, ok: false, detail: describe(error) });
    }
  }
  return { versions: runtimeVersions(), steps };
}

async function createClient(context: Context): Promise<string> {
  context.client = createAgentEngineClient({
    clientId: "runtime-client",
    clientSecret: "runtime-secret",
    baseUrl: context.config.baseUrl,
    // Short backoffs keep the 503 step quick; the retry itself is the default policy's.
    retry: { baseDelayMs: 20, maxDelayMs: 100 },
    timeoutMs: 20_000,
  });
  return "created";
}

async function listDefinitionsByName(context: Context): Promise<string> {
  const names = (await clientOf(context).listSourceDefinitions({ name: "post" })).map(
    (definition) => definition.name,
  );
  expectEqual(names.join(","), "Postgres,PostHog", "definitions matching 'post'");
  return names.join(", ");
}

async function mintScopedToken(context: Context): Promise<string> {
  const scoped = await clientOf(context).createScopedToken({ workspaceName: WORKSPACE });
  expectEqual(
    scoped.expiresAt.getTime(),
    jwtExp(scoped.token) * 1000,
    "expiresAt (ms) against the JWT's exp",
  );
  return `expires ${scoped.expiresAt.toISOString()}`;
}

async function mintWidgetToken(context: Context): Promise<string> {
  const widget = await clientOf(context).createWidgetToken({
    workspaceName: WORKSPACE,
    allowedOrigin: PAGE_ORIGIN,
  });
  const expected = `https://widget.example.test/?${new URLSearchParams({ origin: PAGE_ORIGIN, workspace: WORKSPACE })}`;
  expectEqual(widget.widgetUrl, expected, "widgetUrl decoded from the widget token");
  expectEqual(typeof widget.token, "string", "widget token");
  return widget.widgetUrl ?? "";
}

async function callAsWorkspace(context: Context): Promise<string> {
  const { data, error } = await clientOf(context)
    .forWorkspace(WORKSPACE)
    .GET("/api/v1/account/applications/scoped-token/info");
  if (error !== undefined) throw new Error(`scoped-token/info answered an error: ${JSON.stringify(error)}`);
  expectEqual(data?.customer_name, WORKSPACE, "customer_name seen with the workspace's token");
  return `customer_name ${data?.customer_name}`;
}

async function recoverFrom503(context: Context): Promise<string> {
  const definitions = await clientOf(context).listSourceDefinitions({ name: "flaky" });
  expectEqual(definitions[0]?.name, "flaky (attempt 2)", "the definition the retry got");
  return "answered on attempt 2";
}

async function endHungRequest(context: Context): Promise<string> {
  const startedAt = Date.now();
  try {
    await clientOf(context).listSourceDefinitions(
      { name: "hang" },
      { timeoutMs: HUNG_CALL_TIMEOUT_MS, retry: false },
    );
  } catch (error) {
    if (error instanceof RequestTimeoutError)
      return `RequestTimeoutError after ${Date.now() - startedAt} ms (timeoutMs ${HUNG_CALL_TIMEOUT_MS})`;
    throw error;
  }
  throw new Error("the hung request resolved");
}

async function refuseBadOrigin(context: Context): Promise<string> {
  const before = await requestsSeen(context);
  try {
    await clientOf(context).createWidgetToken({
      workspaceName: WORKSPACE,
      allowedOrigin: `${PAGE_ORIGIN}/embed`,
    });
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    expectEqual(error.argument, "allowedOrigin", "the argument the error names");
    expectEqual(await requestsSeen(context), before, "requests the fake API saw");
    return `InvalidArgumentError: ${error.message}`;
  }
  throw new Error("a path in allowedOrigin was accepted");
}

async function iteratePaginatedList(context: Context): Promise<string> {
  const names: string[] = [];
  let pages = 0;
  for await (const page of clientOf(context).workspaces.list({ name_contains: "acme" }).pages()) {
    pages++;
    names.push(...page.data.map((workspace) => workspace.name));
  }
  expectEqual(names.join(","), "acme-east,acme-west,acme-labs", "workspaces matching 'acme', in order");
  expectEqual(pages, 2, "pages fetched");
  return `${names.length} workspaces over ${pages} pages`;
}

function clientOf(context: Context): AgentEngineClient {
  if (!context.client) throw new Error("no client: creating it failed");
  return context.client;
}

async function requestsSeen(context: Context): Promise<number> {
  const response = await fetch(`${context.config.baseUrl}/__fake/requests`);
  return ((await response.json()) as { count: number }).count;
}

/** The JWT's `exp`, decoded here independently of the client. */
function jwtExp(token: string): number {
  const payload = token.split(".")[1] ?? "";
  const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
  return (JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "="))) as { exp: number }).exp;
}

function expectEqual(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) throw new Error(`${what}: expected ${String(expected)}, got ${String(actual)}`);
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

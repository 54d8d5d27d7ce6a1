// What the request-driven runtimes (workerd, the edge runtime) run: a request to any path with
// `?baseUrl=<fake API base URL>` runs the scenario and answers with the report line
// (status 500 when a step failed).
import { reportLine } from "../report.js";
import { runScenario } from "../scenario.js";

export async function handleScenarioRequest(request: Request): Promise<Response> {
  const baseUrl = new URL(request.url).searchParams.get("baseUrl");
  if (!baseUrl) return new Response("pass ?baseUrl=<fake API base URL>", { status: 400 });
  const report = await runScenario({ baseUrl });
  const status = report.steps.every((step) => step.ok) ? 200 : 500;
  return new Response(reportLine(report), { status, headers: { "Content-Type": "text/plain" } });
}

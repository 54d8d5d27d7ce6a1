// Entry for the runtimes that run a script (Node, Bun, Deno): the fake API's base URL is the
// first argument; the report goes to stdout, and a failed step makes the exit code 1.
import { reportLine } from "../report.js";
import { runScenario } from "../scenario.js";

const g = globalThis as {
  Deno?: { args: string[]; exitCode: number };
  process?: { argv: string[]; exitCode?: number };
};
const baseUrl = g.Deno ? g.Deno.args[0] : g.process?.argv[2];
if (!baseUrl) throw new Error("usage: <runtime> cli.mjs <fake API base URL>");

const report = await runScenario({ baseUrl });
console.log(reportLine(report));
if (report.steps.some((step) => !step.ok)) {
  if (g.Deno) g.Deno.exitCode = 1;
  else if (g.process) g.process.exitCode = 1;
}

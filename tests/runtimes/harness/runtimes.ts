// How each runtime runs the scenario: as a child process, with bounded time, printing one report line.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { run, type RunResult } from "../../consumer/test/helpers/run.js";
import { REPORT_MARKER, type ScenarioReport } from "../scenario/report.js";
import { binDir, driversDir, packageDir } from "./paths.js";

export type RuntimeName = "node" | "bun" | "deno" | "workerd" | "edge-runtime";

/** What the runtimes load (see bundles.ts); a run needs only its runtime's file. */
export interface ScenarioFiles {
  /** Scenario importing the installed package, for Node and Bun. */
  cliWithInstalledPackage?: string;
  cliStandalone?: string;
  worker?: string;
  edge?: string;
}

export interface RuntimeOutcome {
  result: RunResult;
  report: ScenarioReport | undefined;
}

const RUN_LIMIT_MS = 60_000;

export async function runScenarioIn(
  runtime: RuntimeName,
  files: ScenarioFiles,
  baseUrl: string,
): Promise<RuntimeOutcome> {
  const { command, args, cwd, env } = commandFor(runtime, files, baseUrl);
  const result = await run(command, args, { cwd, env: { ...process.env, ...env }, timeoutMs: RUN_LIMIT_MS });
  return { result, report: readReport(result.stdout) };
}

function commandFor(runtime: RuntimeName, files: ScenarioFiles, baseUrl: string) {
  switch (runtime) {
    case "node": {
      const cli = need(files.cliWithInstalledPackage, runtime);
      return { command: process.execPath, args: [cli, baseUrl], cwd: dirname(cli) };
    }
    case "bun": {
      const cli = need(files.cliWithInstalledPackage, runtime);
      return {
        command: join(binDir, "bun"),
        args: [cli, baseUrl],
        cwd: dirname(cli),
        env: { DO_NOT_TRACK: "1" },
      };
    }
    case "deno": {
      const cli = need(files.cliStandalone, runtime);
      // A plain local file, no config, no npm and no remote imports: nothing but the bundle.
      return {
        command: join(binDir, "deno"),
        args: [
          "run",
          "--no-config",
          "--no-lock",
          "--no-npm",
          "--no-remote",
          "--no-prompt",
          // No --allow-env: the client must work with every option passed and no env access.
          "--allow-net=127.0.0.1",
          cli,
          baseUrl,
        ],
        cwd: dirname(cli),
        env: { DENO_DIR: join(dirname(cli), ".deno-dir"), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" },
      };
    }
    case "workerd":
      return {
        command: process.execPath,
        args: [join(driversDir, "workerd.mjs"), need(files.worker, runtime), baseUrl],
        cwd: packageDir,
      };
    case "edge-runtime":
      return {
        command: process.execPath,
        args: [join(driversDir, "edge-runtime.mjs"), need(files.edge, runtime), baseUrl],
        cwd: packageDir,
      };
  }
}

function need(file: string | undefined, runtime: RuntimeName): string {
  if (file === undefined) throw new Error(`no scenario file for ${runtime}`);
  return file;
}

function readReport(stdout: string): ScenarioReport | undefined {
  const line = stdout.split("\n").find((candidate) => candidate.startsWith(REPORT_MARKER));
  return line === undefined ? undefined : (JSON.parse(line.slice(REPORT_MARKER.length)) as ScenarioReport);
}

/** The version of a package installed for this test package, or for `via` (one of its dependencies). */
export function installedVersion(name: string, via?: string): string {
  let require = createRequire(join(packageDir, "package.json"));
  if (via) require = createRequire(require.resolve(`${via}/package.json`));
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")) as { version: string })
    .version;
}

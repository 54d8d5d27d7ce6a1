// Builds what each runtime loads, from the scenario copied into the consumer project (where
// the packed packages are installed, see tests/consumer), so that `@org/agent-engine-client`
// resolves to the packed package and never to the workspace's source.
import { cp, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { build, type BuildOptions, type Plugin } from "esbuild";
import { scenarioDir } from "./paths.js";
import { breakClientPlugin, type ClientBreakage } from "./break-client.js";

const COMMON: BuildOptions = {
  bundle: true,
  platform: "neutral",
  format: "esm",
  target: "es2022",
  logLevel: "silent",
};

export interface SelfContainedBundles {
  /** Scenario and client in one self-contained module (Deno loads it as a plain local file). */
  cliStandalone: string;
  /** A module Worker for workerd. */
  worker: string;
  /** A service-worker style script for the edge runtime. */
  edge: string;
}

/** Copies the scenario into a folder of its own (named by `label`) inside the consumer project. */
export async function installScenario(consumerDir: string, label: string): Promise<string> {
  const target = join(consumerDir, `runtime-scenario-${label}`);
  await cp(scenarioDir, target, { recursive: true });
  return target;
}

/**
 * Where self-contained bundles go: beside the consumer project, not in it, so that no
 * package.json or node_modules lies near the files a runtime loads (the test run's temporary
 * folder, removed with it).
 */
export function selfContainedBundlesDir(consumerDir: string, label: string): string {
  return join(dirname(consumerDir), `runtime-bundles-${label}`);
}

/**
 * The scenario alone, next to the consumer project's node_modules: the runtime resolves the
 * package itself, through its `exports` (Node, Bun).
 */
export async function buildInstalledPackageCli(installedScenario: string): Promise<string> {
  const outfile = join(installedScenario, "cli.mjs");
  await build({
    ...COMMON,
    entryPoints: [join(installedScenario, "entries", "cli.ts")],
    outfile,
    packages: "external",
  });
  return outfile;
}

/**
 * Bundles the installed scenario with the client into `outDir`. With `breakage`, the client inside the
 * self-contained bundles is broken on purpose (see break-client.ts), to prove the runs catch it.
 */
export async function buildSelfContainedBundles(
  installedScenario: string,
  outDir: string,
  breakage?: ClientBreakage,
): Promise<SelfContainedBundles> {
  await mkdir(outDir, { recursive: true });
  const entries = join(installedScenario, "entries");
  const plugins: Plugin[] = breakage ? [breakClientPlugin(breakage)] : [];
  const common: BuildOptions = { ...COMMON, plugins };
  const bundles: SelfContainedBundles = {
    cliStandalone: join(outDir, "deno", "cli.mjs"),
    worker: join(outDir, "workerd", "worker.mjs"),
    edge: join(outDir, "edge-runtime", "edge.js"),
  };
  await Promise.all([
    build({ ...common, entryPoints: [join(entries, "cli.ts")], outfile: bundles.cliStandalone }),
    // The export conditions wrangler and Vercel's bundler use for these targets.
    build({
      ...common,
      entryPoints: [join(entries, "worker.ts")],
      outfile: bundles.worker,
      conditions: ["workerd", "worker", "browser"],
    }),
    build({
      ...common,
      entryPoints: [join(entries, "edge.ts")],
      outfile: bundles.edge,
      format: "iife",
      conditions: ["edge-light", "worker", "browser"],
    }),
  ]);
  return bundles;
}

/** The client alone for a web page: `window.AgentEngine` holds its exports. */
export async function buildBrowserClient(consumerDir: string, outfile: string): Promise<string> {
  await build({
    stdin: {
      contents: 'export * from "@org/agent-engine-client";',
      resolveDir: consumerDir,
      sourcefile: "browser-client.mjs",
      loader: "js",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    globalName: "AgentEngine",
    target: "es2022",
    outfile,
    logLevel: "silent",
  });
  return outfile;
}

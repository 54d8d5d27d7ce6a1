// vitest globalSetup: a consumer project that has the packages exactly as npm users get them.
// pnpm packs both packages (turning `workspace:` ranges into versions); their third-party
// dependencies are packed from the workspace's own install, at the versions the lockfile
// pins; npm installs all the tarballs --offline into a fresh project in the OS temp folder,
// outside the workspace, so nothing can resolve through the workspace's node_modules and no
// registry is needed. A dependency range no local tarball satisfies fails the install.
import { cp, mkdir, mkdtemp, readdir, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import type { TestProject } from "vitest/node";
import { fixturesDir, repoRoot } from "../helpers/paths.js";
import { cleanPackageManagerEnv, runOrThrow } from "../helpers/run.js";

declare module "vitest" {
  export interface ProvidedContext {
    consumerDir: string;
    /** The packed packages and their third-party dependencies, as `.tgz` files. */
    packsDir: string;
  }
}

const PUBLISHED_PACKAGES = ["packages/types", "packages/client"];

export default async function setup(project: TestProject) {
  const workDir = await mkdtemp(join(tmpdir(), "agent-engine-consumer-"));
  const removeWorkDir = () => rm(workDir, { recursive: true, force: true });
  try {
    const packs = join(workDir, "packs");
    const consumerDir = join(workDir, "consumer");
    await mkdir(packs);
    await mkdir(consumerDir);

    for (const dir of PUBLISHED_PACKAGES) {
      await runOrThrow("pnpm", ["pack", "--pack-destination", packs], { cwd: join(repoRoot, dir) });
    }
    for (const dir of await thirdPartyDependencies(PUBLISHED_PACKAGES.map((dir) => join(repoRoot, dir)))) {
      // pnpm's store hard-links identical files (a package's .d.ts, .d.mts and .d.cts often
      // are); npm pack turns the second of them into an empty link entry, so pack a copy.
      const copy = join(workDir, "copies", basename(dir));
      await cp(dir, copy, { recursive: true, dereference: true });
      await runOrThrow("npm", ["pack", copy, "--pack-destination", packs, "--ignore-scripts", "--silent"], {
        cwd: workDir,
        env: cleanPackageManagerEnv(),
      });
    }

    await writeFile(
      join(consumerDir, "package.json"),
      `${JSON.stringify({ name: "agent-engine-consumer", private: true, type: "module" }, null, 2)}\n`,
    );
    await cp(fixturesDir, consumerDir, { recursive: true });
    const tarballs = (await readdir(packs))
      .filter((name) => name.endsWith(".tgz"))
      .map((name) => join(packs, name));
    await runOrThrow(
      "npm",
      [
        "install",
        "--offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--cache",
        join(workDir, "npm-cache"),
        ...tarballs,
      ],
      { cwd: consumerDir, env: cleanPackageManagerEnv(), timeoutMs: 180_000 },
    );
    project.provide("consumerDir", await realpath(consumerDir));
    project.provide("packsDir", packs);
  } catch (error) {
    await removeWorkDir();
    throw error;
  }
  return removeWorkDir;
}

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
}

/** The installed folders of every non-workspace runtime dependency of `packageDirs`, transitively. */
async function thirdPartyDependencies(packageDirs: string[]): Promise<string[]> {
  const found = new Map<string, string>();
  const pending = [...packageDirs];
  while (pending.length > 0) {
    const dir = await realpath(pending.pop()!);
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as Manifest;
    for (const [name, range] of Object.entries(manifest.dependencies ?? {})) {
      if (range.startsWith("workspace:") || found.has(name)) continue;
      const installed = findInstalled(dir, name);
      if (!installed)
        throw new Error(`${manifest.name} depends on ${name}, which is not installed: run pnpm install`);
      found.set(name, installed);
      pending.push(installed);
    }
  }
  return [...found.values()];
}

/** Node's lookup: `<ancestor>/node_modules/<name>` from `fromDir` upwards. */
function findInstalled(fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    if (basename(dir) !== "node_modules") {
      const candidate = join(dir, "node_modules", name);
      if (existsSync(join(candidate, "package.json"))) return candidate;
    }
    if (dirname(dir) === dir) return undefined;
  }
}

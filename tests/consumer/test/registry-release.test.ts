// The release rehearsal: the maintainer's publish step (`pnpm release:publish`, the half of
// `pnpm release` after `pnpm check`) against a local Verdaccio, then `npm install
// @org/agent-engine-client` by name into a fresh project with a fresh npm cache, and the smoke
// run of load.test.ts on it from ESM and CommonJS. Nothing leaves 127.0.0.1: the registry has
// no uplinks, so the client's third-party dependencies are published to it from the setup's
// packs, and the release's git tags go to a throwaway repository (GIT_DIR), not this one.
import { execFileSync } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runServer } from "verdaccio";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { fixturesDir, repoRoot } from "./helpers/paths.js";
import { cleanPackageManagerEnv, run, runOrThrow } from "./helpers/run.js";

const prismUrl = inject("prismUrl");
const version = JSON.parse(await readFile(join(repoRoot, "packages/client/package.json"), "utf8")).version;
let workDir: string;
let server: Server | undefined;
let registry: string;
let consumerDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), "agent-engine-release-"));
  const config =
    'storage: ./storage\nuplinks: {}\npackages: { "**": { access: $all, publish: $anonymous } }\n';
  await writeFile(join(workDir, "verdaccio.yaml"), `${config}log: { type: stdout, level: error }\n`);
  const started = (await runServer(join(workDir, "verdaccio.yaml"))) as Server;
  server = started;
  await new Promise<void>((resolve, reject) => started.once("error", reject).listen(0, "127.0.0.1", resolve));
  registry = `http://127.0.0.1:${(started.address() as AddressInfo).port}/`;
  // Anonymous publishing is allowed; npm and pnpm still want a token to send.
  await writeFile(
    join(workDir, "npmrc"),
    `registry=${registry}\n${registry.slice(5)}:_authToken=rehearsal\n`,
  );
  const env = cleanPackageManagerEnv({
    npm_config_userconfig: join(workDir, "npmrc"),
    npm_config_registry: registry,
    npm_config_cache: join(workDir, "npm-cache"),
    // Provenance needs a signing CI host; a local registry cannot take it.
    npm_config_provenance: "false",
  });
  const packsDir = inject("packsDir");
  for (const tarball of (await readdir(packsDir)).filter((name) => !name.startsWith("org-agent-engine-"))) {
    await runOrThrow("npm", ["publish", join(packsDir, tarball), "--ignore-scripts"], { cwd: workDir, env });
  }

  execFileSync("git", ["init", "-q", join(workDir, "tags")]);
  const git = ["-c", "user.name=rehearsal", "-c", "user.email=rehearsal@127.0.0.1"];
  execFileSync("git", [...git, "commit", "-q", "--allow-empty", "-m", "release"], {
    cwd: join(workDir, "tags"),
  });
  const gitDir = join(workDir, "tags", ".git");
  // changeset publish tags each release; a machine with no git identity (a fresh CI HOME) would
  // make it skip the tags without failing.
  const identity = { GIT_COMMITTER_NAME: "rehearsal", GIT_COMMITTER_EMAIL: "rehearsal@127.0.0.1" };
  await runOrThrow("pnpm", ["run", "release:publish"], {
    cwd: repoRoot,
    env: {
      ...env,
      ...identity,
      GIT_AUTHOR_NAME: "rehearsal",
      GIT_AUTHOR_EMAIL: "rehearsal@127.0.0.1",
      GIT_DIR: gitDir,
    },
  });
  expect(
    execFileSync("git", ["tag", "--list"], { env: { GIT_DIR: gitDir }, encoding: "utf8" }).split("\n"),
  ).toEqual([
    `@org/agent-engine-client@${version}`,
    `@org/agent-engine-token-store-redis@${version}`,
    `@org/agent-engine-types@${version}`,
    "",
  ]);

  consumerDir = join(workDir, "consumer");
  await mkdir(consumerDir);
  await writeFile(join(consumerDir, "package.json"), '{ "name": "release-consumer", "private": true }\n');
  await cp(fixturesDir, consumerDir, { recursive: true });
  await runOrThrow("npm", ["install", "@org/agent-engine-client", "--no-audit", "--no-fund"], {
    cwd: consumerDir,
    env,
    timeoutMs: 180_000,
  });
}, 600_000);

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (workDir) await rm(workDir, { recursive: true, force: true });
});

it("installs both packages by name from the registry the release published them to", async () => {
  const lock = JSON.parse(await readFile(join(consumerDir, "package-lock.json"), "utf8"));
  for (const name of ["@org/agent-engine-client", "@org/agent-engine-types"]) {
    expect(lock.packages[`node_modules/${name}`]).toMatchObject({
      version,
      resolved: expect.stringContaining(registry),
    });
  }
});

describe.each(["esm.mjs", "cjs.cjs"])("the smoke run from %s", (file) => {
  it("lists definitions from the mock and throws typed errors", async () => {
    const result = await run(process.execPath, [file], {
      cwd: consumerDir,
      env: { ...process.env, AGENT_ENGINE_BASE_URL: prismUrl },
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      refusedWith: "InvalidArgumentError",
      typedError: true,
    });
    expect(JSON.parse(result.stdout).names.length).toBeGreaterThan(0);
  });
});

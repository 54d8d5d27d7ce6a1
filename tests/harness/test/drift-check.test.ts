// The drift check cannot be fooled: on a spec changed without regenerating the types it
// fails, and nothing `pnpm check` runs rewrites the committed types before it compares them.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const scratches: string[] = [];
afterEach(() => {
  for (const dir of scratches.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A copy of spec/ with one file edited, as a contributor would leave it before `pnpm generate`. */
function specWith(file: string, from: string, to: string) {
  const scratch = mkdtempSync(join(tmpdir(), "drift-check-"));
  scratches.push(scratch);
  cpSync(join(repoRoot, "spec"), scratch, {
    recursive: true,
    filter: (path) => !/node_modules|test-results/.test(path),
  });
  const path = join(scratch, file);
  const text = readFileSync(path, "utf8");
  expect(text).toContain(from);
  writeFileSync(path, text.replace(from, to));
  return join(scratch, "openapi.yaml");
}

/** The drift check as the `check:generated` task runs it, against the committed types. */
function driftCheck(spec: string) {
  return spawnSync(
    process.execPath,
    [join(repoRoot, "scripts/generate-types.mjs"), "--check", "--spec", spec],
    {
      cwd: join(repoRoot, "packages/types"),
      encoding: "utf8",
      // A bound on a sync spawn (vitest cannot time it out): seconds alone.
      timeout: 120_000,
    },
  );
}

const SCHEMA = "components/schemas/ScopedTokenInfo.yaml";

it("passes on an unchanged copy of the spec", () => {
  const result = driftCheck(specWith(SCHEMA, "customer_name:", "customer_name:"));
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  expect(result.stdout).toContain("packages/types/src/generated/schema.ts matches");
});

it("fails, naming the stale file, when a schema gains a property and the types are left as committed", () => {
  const result = driftCheck(
    specWith(SCHEMA, "  customer_name:\n", "  region:\n    type: string\n  customer_name:\n"),
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(
    /packages\/types\/src\/generated\/schema\.ts is out of date with .*openapi\.yaml/,
  );
  expect(result.stderr).toContain("Run `pnpm generate` and commit the result.");
  expect(result.stdout).toContain("operations.ts matches");
});

it("fails when only a description changed (it reaches consumers as a doc comment)", () => {
  const result = driftCheck(
    specWith(SCHEMA, "At least one of them is present; read whichever is.", "One of them is present."),
  );
  expect(result.status).toBe(1);
  expect(result.stderr).toMatch(/schema\.ts is out of date .*first difference at line \d+/);
});

/** The tasks turbo would run for the given task names, from its dry run. */
function turboPlan(tasks: string[]) {
  const dry = spawnSync(
    process.execPath,
    [createRequire(import.meta.url).resolve("turbo/bin/turbo"), "run", ...tasks, "--dry=json"],
    {
      cwd: repoRoot,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      timeout: 120_000,
    },
  );
  expect(dry.status, dry.stderr).toBe(0);
  return JSON.parse(dry.stdout).tasks as {
    taskId: string;
    task: string;
    command: string;
    inputs: Record<string, string>;
  }[];
}

it("runs in `pnpm check` beside no task that rewrites the committed types, whatever the order, keyed on the spec and those types", () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8"));
  const checkTasks = /turbo run ((?:[\w:-]+ )+)/.exec(manifest.scripts.check)?.[1]?.trim().split(" ");
  expect(checkTasks).toContain("check:generated");
  const plan = turboPlan([...checkTasks!, "test"]);
  const writers = plan.filter((task) => task.task === "generate" && task.command !== "<NONEXISTENT>");
  expect(writers.map((task) => task.taskId)).toEqual([]);

  const drift = plan.find((task) => task.taskId === "@org/agent-engine-types#check:generated");
  const inputs = Object.keys(drift!.inputs);
  expect(inputs).toContain("../../spec/openapi.yaml");
  expect(inputs).toContain(`../../spec/${SCHEMA}`);
  expect(inputs).toContain("src/generated/schema.ts");
  expect(inputs).toContain("src/generated/operations.ts");
  expect(inputs).toContain("../../scripts/generate-types.mjs");
});

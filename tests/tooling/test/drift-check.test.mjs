// The drift check (`check:generated`) on a copy of the spec edited without `pnpm generate`.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "drift-check-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function driftCheckWith(from, to) {
  cpSync(join(repoRoot, "spec"), scratch, {
    recursive: true,
    filter: (path) => !path.includes("node_modules"),
  });
  const schema = join(scratch, "components/schemas/ScopedTokenInfo.yaml");
  writeFileSync(schema, readFileSync(schema, "utf8").replace(from, to));
  const script = join(repoRoot, "scripts/generate-types.mjs");
  return spawnSync(process.execPath, [script, "--check", "--spec", join(scratch, "openapi.yaml")], {
    encoding: "utf8",
  });
}

it("passes on an unchanged spec, and fails naming the stale file when a schema gains a property", () => {
  expect(driftCheckWith("customer_name:", "customer_name:")).toMatchObject({ status: 0, stderr: "" });
  const drifted = driftCheckWith("  customer_name:\n", "  region:\n    type: string\n  customer_name:\n");
  expect(drifted.status).toBe(1);
  expect(drifted.stderr).toMatch(
    /^packages\/types\/src\/generated\/schema\.ts is out of date with .*run `pnpm generate`/m,
  );
});

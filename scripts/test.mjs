// `pnpm test`: every package's tests through turbo, then one closing count over all of them
// (each package's vitest writes a JSON report; turbo restores it on a cache hit).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const packageDirs = ["spec", "bench", ...listPackages("packages"), ...listPackages("examples"), ...listPackages("tests")];
for (const dir of packageDirs) rmSync(join(repoRoot, dir, "test-results"), { recursive: true, force: true });

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
const turbo = spawnSync("pnpm", ["exec", "turbo", "run", "test", "--continue", ...process.argv.slice(2)], {
  cwd: repoRoot,
  stdio: "inherit",
  env,
});

const totals = { passed: 0, failed: 0, skipped: 0 };
const missing = [];
for (const dir of packageDirs) {
  const report = join(repoRoot, dir, "test-results", "vitest.json");
  if (!existsSync(join(repoRoot, dir, "package.json")) || !hasTestScript(dir)) continue;
  if (!existsSync(report)) {
    missing.push(dir);
    continue;
  }
  const result = JSON.parse(readFileSync(report, "utf8"));
  totals.passed += result.numPassedTests;
  totals.failed += result.numFailedTests;
  totals.skipped += result.numPendingTests + result.numTodoTests;
}
for (const dir of missing) console.error(`no test report from ${relative(repoRoot, join(repoRoot, dir))} (its tests did not finish)`);
console.log(`\nTests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
const ok = turbo.status === 0 && totals.failed === 0 && missing.length === 0 && totals.passed > 0;
process.exit(ok ? 0 : 1);

function listPackages(folder) {
  const full = join(repoRoot, folder);
  if (!existsSync(full)) return [];
  return readdirSync(full).map((name) => join(folder, name));
}
function hasTestScript(dir) {
  const pkg = JSON.parse(readFileSync(join(repoRoot, dir, "package.json"), "utf8"));
  return Boolean(pkg.scripts?.test);
}

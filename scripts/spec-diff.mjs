// `pnpm spec:diff`: every change of spec/ since the last release, classified as breaking,
// deprecated, non-breaking or annotation by api-smart-diff. With `--check` (run by
// `pnpm check`) it fails when a breaking change has no major changeset for the packages the
// spec reaches. How the last release is found: scripts/spec-diff/release-base.mjs.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { diffAgainstRelease } from "./spec-diff/run.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const check = process.argv.includes("--check");
let outcome;
try {
  outcome = await diffAgainstRelease(repoRoot);
} catch (error) {
  console.error(`spec:diff: ${error.message}`);
  process.exit(1);
}
const { ok, report, changes } = outcome;
if (check && ok) {
  console.log(report[0]);
  const types = [...new Set(changes.map((c) => c.type))];
  const counts = types.map((type) => `${changes.filter((c) => c.type === type).length} ${type}`);
  if (counts.length > 0) console.log(`  ${counts.join(", ")}; \`pnpm spec:diff\` lists them`);
} else {
  console.log(report.join("\n"));
}
if (check && !ok) process.exit(1);

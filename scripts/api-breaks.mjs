// The breaking changes of a package's public API since its last release, read from its API
// report (etc/*.api.md): an export whose report lines changed or went away. Each needs a
// pending major changeset for that package that names the export; added lines break nothing.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { changesetCovering, readChangesets, SPEC_PACKAGE } from "./spec-diff/changesets.mjs";
import { findReleaseBase } from "./spec-diff/release-base.mjs";

/** Generated from the spec into the types package: spec:check judges their changes, nullable narrowings included. */
const SPEC_GENERATED = new Set(["$defs", "components", "operations", "operationTable", "paths", "webhooks"]);
const git = (cwd, args) =>
  execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });

/** @returns {{ ok: boolean, report: string[] }} */
export function checkApiBreaks(repoRoot, packageDir, reportFile) {
  const { name } = JSON.parse(readFileSync(join(repoRoot, packageDir, "package.json"), "utf8"));
  const base = findReleaseBase(repoRoot, packageDir);
  const path = `${packageDir}/${reportFile}`;
  // A release older than the reports is compared with the first report committed after it.
  const since =
    base &&
    (git(repoRoot, ["ls-tree", "--name-only", base.commit, "--", path]).trim()
      ? base.commit
      : git(repoRoot, [
          "log",
          "--reverse",
          "--format=%H",
          "--diff-filter=A",
          `${base.commit}..HEAD`,
          "--",
          path,
        ]).split("\n")[0]);
  if (!since) return { ok: true, report: [`${name}: no released API report to compare with`] };
  const before = git(repoRoot, ["show", `${since}:${path}`]);
  const broken = changedExports(before, readFileSync(join(repoRoot, path), "utf8")).filter(
    (exported) => name !== SPEC_PACKAGE || !SPEC_GENERATED.has(exported),
  );
  const changesets = readChangesets(repoRoot);
  const uncovered = broken.filter((exported) => !changesetCovering(changesets, name, [exported]));
  if (uncovered.length === 0) return { ok: true, report: [] };
  return {
    ok: false,
    report: [
      `${name}: exports changed or removed since ${since.slice(0, 7)} (${base.reason}) with no major changeset for ${name} that names them: ${uncovered.join(", ")}.`,
      `Undo the change, or add a changeset (\`pnpm changeset\`) that bumps ${name} a major, names each and tells users what to do instead.`,
    ],
  };
}

/** The exports of `before` whose report lines are not all in their declaration in `after`. */
export function changedExports(before, after) {
  const now = declarations(after);
  return [...declarations(before)]
    .filter(([name, lines]) => {
      const left = [...(now.get(name) ?? [])];
      return lines.some((line) => {
        const at = left.indexOf(line);
        if (at >= 0) left.splice(at, 1);
        return at < 0;
      });
    })
    .map(([name]) => name);
}

/** Each export's lines in an API report, without comments, imports and lone brackets. */
function declarations(report) {
  const byName = new Map();
  let current;
  for (const line of report.split(/\r?\n/)) {
    current =
      /^export (?:(?:declare |abstract )*\w+ (\w+)|\{ (\w+) \})/.exec(line)?.slice(1).find(Boolean) ??
      current;
    if (current && /\w/.test(line) && !/^\s*\/\/|^import /.test(line)) {
      byName.set(current, [...(byName.get(current) ?? []), line]);
    }
  }
  return byName;
}

// `pnpm spec:diff` lists every change of spec/ since the last release, classified by
// api-smart-diff. `pnpm spec:check` (in `pnpm check`) fails on a breaking change of the spec, or
// on an export of a package's API report (etc/*.api.md) changed or removed since that package's
// release, unless a pending changeset bumps the package a major and names the change.
// A package's last release: its highest `<name>@X` tag reachable from HEAD, else the commit that
// wrote its current version's heading into its CHANGELOG.md, else none.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import readChangesets from "@changesets/read";
import { apiCompare } from "api-smart-diff";
import { loadBundledSpec } from "./load-spec.mjs";

/** `git(root, "log -1 --format=%H", path)`: the command's words, then arguments that may hold spaces. */
const git = (root, command, ...args) =>
  execFileSync("git", [...command.split(" "), ...args], {
    cwd: root,
    encoding: "utf8",
    stdio: "pipe",
  }).trim();
// Generated from the spec into the types package: the spec's own check judges them.
const SPEC_GENERATED = new Set(["$defs", "components", "operations", "operationTable", "paths", "webhooks"]);

export function lastRelease(root, dir) {
  if (git(root, "rev-parse --is-shallow-repository") === "true")
    throw new Error(
      "this clone is shallow, so its history cannot tell the last release: `git fetch --unshallow` (fetch-depth: 0 in CI)",
    );
  const { name, version } = JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8"));
  const tag = git(root, "tag --merged HEAD --sort=-v:refname --list", `${name}@*`).split("\n")[0];
  if (tag) return { name, commit: git(root, "rev-list -n 1", tag), reason: `tag ${tag}` };
  const commit = git(root, "log -1 --format=%H -S", `## ${version}\n`, "--", `${dir}/CHANGELOG.md`);
  return { name, commit: commit || undefined, reason: `the commit that wrote ${version} into its CHANGELOG` };
}

/** Whether one of the pending `changesets` bumps `name` a major (0.x too) and names the change by one of `names`. */
const announced = (changesets, name, names) =>
  changesets.some(
    ({ releases, summary }) =>
      releases.some((release) => release.name === name && release.type === "major") &&
      names.some((changed) => summary.includes(changed)),
  );

/** api-smart-diff's changes, with the project's verdicts where the generated types and the client see otherwise. */
export function classifySpecChanges(before, after) {
  const { diffs } = apiCompare(before, after);
  const paths = diffs.map((diff) => diff.path.map(String));
  return diffs.map((diff, index) => {
    const path = paths[index];
    // The client's resources are keyed by operationId, and typed calls name the path and its
    // parameters (api-smart-diff calls a path renamed with its parameter a `rename` of `paths`).
    const renamed = path.at(-1) === "operationId" || path.join() === "paths";
    return {
      type: renamed
        ? "breaking"
        : isNullableNarrowing(diff) && onlyInAnswers(path, paths)
          ? "non-breaking"
          : diff.type,
      description: `${diff.action} ${path.join(".")}`,
      names:
        path[0] === "components"
          ? [path[2]]
          : path.length === 1
            ? [diff.before, diff.after].map(String)
            : [path[1], before.paths?.[path[1]]?.[path[2]]?.operationId].filter(Boolean),
    };
  });
}

/** `null` taken out of a field's types: an answer that never holds `null` still fits code that checks for it. */
function isNullableNarrowing({ action, before, after }) {
  if (action === "remove") return before?.type === "null";
  const rest = Array.isArray(before) && before.includes("null") && before.filter((type) => type !== "null");
  return action === "replace" && rest && rest.join() === [after].flat().join();
}

/** In an answer only: the change itself, or every use of its component that the diff lists. */
function onlyInAnswers(path, allPaths) {
  const answer = (p) => p.includes("responses") && !p.includes("requestBody") && !p.includes("parameters");
  if (path[0] === "paths") return answer(path);
  const uses = allPaths.filter(
    (p) => p[0] === "paths" && p.join(".").endsWith(`.${path.slice(3).join(".")}`),
  );
  return uses.length > 0 && uses.every(answer);
}

/** The exports of a report whose lines are not all in their declaration in the other. */
export function changedExports(before, after) {
  const now = declarations(after);
  return [...declarations(before)]
    .filter(([name, lines]) => lines.some((line) => !now.get(name)?.includes(line)))
    .map(([name]) => name);
}

function declarations(report) {
  const byName = new Map();
  let current;
  for (const line of report.split(/\r?\n/)) {
    current =
      /^export (?:(?:declare |abstract )*\w+ (\w+)|\{ (\w+) \})/.exec(line)?.slice(1).find(Boolean) ??
      current;
    if (current && /\w/.test(line) && !/^\s*\/\/|^import /.test(line))
      byName.set(current, [...(byName.get(current) ?? []), line]);
  }
  return byName;
}

/** Every change since the last releases, and those no major changeset announces. */
export async function breakingChanges(root) {
  const report = ["spec/: no release yet, nothing to compare with"];
  const unannounced = [];
  const changesets = await readChangesets(root);
  const types = lastRelease(root, "packages/types");
  if (types.commit) {
    const released = mkdtempSync(join(tmpdir(), "released-spec-"));
    execFileSync("sh", ["-c", `git archive ${types.commit} spec | tar -x -C "${released}"`], { cwd: root });
    const before = await loadBundledSpec(join(released, "spec/openapi.yaml")).finally(() =>
      rmSync(released, { recursive: true, force: true }),
    );
    const changes = classifySpecChanges(before, await loadBundledSpec(join(root, "spec/openapi.yaml")));
    report[0] = `spec/ since ${types.commit.slice(0, 7)} (${types.reason}): ${changes.length} change(s)`;
    for (const { type, description, names } of changes) {
      report.push(`  ${type}: ${description}`);
      if (type === "breaking" && !announced(changesets, types.name, names))
        unannounced.push(`${types.name}: ${description} (name it as ${names.join(" or ")})`);
    }
  }
  for (const path of git(root, "ls-files", "packages/*/etc/*.api.md").split("\n").filter(Boolean)) {
    const dir = path.split("/etc/")[0];
    const release = lastRelease(root, dir);
    if (!release.commit) continue;
    // A release older than the reports is compared with the first report committed after it.
    const added = git(root, "log --reverse --format=%H --diff-filter=A", `${release.commit}..`, "--", path);
    const since = git(root, "ls-tree", release.commit, "--", path) ? release.commit : added.split("\n")[0];
    const released = since ? git(root, "show", `${since}:${path}`) : "";
    const changed = changedExports(released, readFileSync(join(root, path), "utf8"));
    for (const exported of changed.filter((name) => dir !== "packages/types" || !SPEC_GENERATED.has(name)))
      if (!announced(changesets, release.name, [exported]))
        unannounced.push(`${release.name}: export ${exported} changed or removed since ${release.reason}`);
  }
  return { report, unannounced };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { report, unannounced } = await breakingChanges(fileURLToPath(new URL("..", import.meta.url)));
  const check = process.argv.includes("--check");
  console.log((check ? report.slice(0, 1) : report).join("\n"));
  if (check && unannounced.length > 0) {
    console.error(
      `\nBreaking changes with no major changeset for their package that names them:\n  ${unannounced.join("\n  ")}\nUndo them, or add a changeset (\`pnpm changeset\`) that bumps the package a major, names each and tells users what to do.`,
    );
    process.exit(1);
  }
}

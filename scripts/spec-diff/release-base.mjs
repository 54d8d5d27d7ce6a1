// Which commit holds "the spec of the last release", and that spec as files on disk.
//
// The rule, in order:
//   1. a tag `@org/agent-engine-types@X` reachable from HEAD (the one `changeset publish`
//      makes): the highest version wins;
//   2. otherwise the last commit made by `changeset version`, recognised by what it changes:
//      a package's CHANGELOG.md, or a `"version"` line of a package's package.json (the later
//      of the two when they differ);
//   3. otherwise there is no release yet and nothing to compare with.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const RELEASE_TAG_PREFIX = "@org/agent-engine-types@";

function git(cwd, args, encoding = "utf8") {
  return execFileSync("git", args, {
    cwd,
    encoding,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
}

const lines = (text) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);

/** @returns {{ commit: string, reason: string } | undefined} */
export function findReleaseBase(repoRoot) {
  // A shallow clone's oldest commit seems to add every file, so it would pass for the release.
  if (git(repoRoot, ["rev-parse", "--is-shallow-repository"]).trim() === "true") {
    throw new Error(
      "This clone is shallow, so its history cannot tell the last release: fetch the whole history (`git fetch --unshallow`, or fetch-depth: 0 in CI).",
    );
  }
  const tags = lines(
    git(repoRoot, ["tag", "--list", `${RELEASE_TAG_PREFIX}*`, "--merged", "HEAD", "--sort=-v:refname"]),
  );
  if (tags.length > 0) {
    const commit = git(repoRoot, ["rev-list", "-n", "1", tags[0]]).trim();
    return { commit, reason: `tag ${tags[0]}` };
  }
  const lastChangelog = git(repoRoot, ["log", "-1", "--format=%H", "--", "packages/*/CHANGELOG.md"]).trim();
  const lastVersionLine = git(repoRoot, [
    "log",
    "-1",
    "--format=%H",
    "-G",
    '"version"',
    "--",
    "packages/*/package.json",
  ]).trim();
  const candidates = [lastChangelog, lastVersionLine].filter(Boolean);
  if (candidates.length === 0) return undefined;
  const commit =
    candidates.length === 1 || isAncestor(repoRoot, candidates[1], candidates[0])
      ? candidates[0]
      : candidates[1];
  const subject = git(repoRoot, ["log", "-1", "--format=%s", commit]).trim();
  return { commit, reason: `the last \`changeset version\` commit, "${subject}"` };
}

function isAncestor(repoRoot, maybeAncestor, commit) {
  try {
    git(repoRoot, ["merge-base", "--is-ancestor", maybeAncestor, commit]);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes `specDir` as it was at `commit` into a fresh temporary folder. Returns that folder
 * (it holds `specDir/...`) and a function that removes it, or undefined when the commit has no
 * such folder.
 */
export function checkoutSpecAt(repoRoot, commit, specDir = "spec") {
  const listed = git(repoRoot, ["ls-tree", "--name-only", commit, "--", specDir]).trim();
  if (listed === "") return undefined;
  const dir = mkdtempSync(join(tmpdir(), "released-spec-"));
  const archive = git(repoRoot, ["archive", "--format=tar", commit, "--", specDir], "buffer");
  execFileSync("tar", ["-x", "-C", dir], { input: archive });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

// Which commit holds a package's last release (its spec, its API report), and files from it.
//
// The rule, in order:
//   1. a tag `<package name>@X` reachable from HEAD (the one `changeset publish` makes): the
//      highest version wins;
//   2. otherwise the commit that wrote the heading of the package's current version into its
//      CHANGELOG.md (what `changeset version` does; a later edit of that CHANGELOG keeps it);
//   3. otherwise there is no release yet and nothing to compare with.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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
export function findReleaseBase(repoRoot, packageDir = "packages/types") {
  // A shallow clone's oldest commit seems to add every file, so it would pass for the release.
  if (git(repoRoot, ["rev-parse", "--is-shallow-repository"]).trim() === "true") {
    throw new Error(
      "This clone is shallow, so its history cannot tell the last release: fetch the whole history (`git fetch --unshallow`, or fetch-depth: 0 in CI).",
    );
  }
  const { name, version } = JSON.parse(readFileSync(join(repoRoot, packageDir, "package.json"), "utf8"));
  const tags = lines(git(repoRoot, ["tag", "--list", `${name}@*`, "--merged", "HEAD", "--sort=-v:refname"]));
  if (tags.length > 0) {
    const commit = git(repoRoot, ["rev-list", "-n", "1", tags[0]]).trim();
    return { commit, reason: `tag ${tags[0]}` };
  }
  const changelog = `${packageDir}/CHANGELOG.md`;
  const commit = git(repoRoot, ["log", "-1", "--format=%H", "-S", `## ${version}\n`, "--", changelog]).trim();
  if (!commit) return undefined;
  const subject = git(repoRoot, ["log", "-1", "--format=%s", commit]).trim();
  return {
    commit,
    reason: `no tag ${name}@*; the commit that wrote ${version} into ${changelog}, "${subject}"`,
  };
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

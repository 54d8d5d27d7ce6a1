// Which packages a spec change touches, and whether a pending changeset bumps them a major.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The package generated from the spec; a spec change reaches users through it. */
export const SPEC_PACKAGE = "@org/agent-engine-types";

/** Every pending changeset in `.changeset/` as { file, releases: { name: bump }, text }. */
export function readChangesets(repoRoot) {
  const dir = join(repoRoot, ".changeset");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      return { file, releases: parseReleases(text), text: text.replace(/^---[\s\S]*?\n---/, "") };
    });
}

/** The front matter of a changeset: one `"package": bump` line per package. */
export function parseReleases(text) {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const releases = {};
  for (const line of (match?.[1] ?? "").split(/\r?\n/)) {
    const entry = /^\s*["']?([^"':]+?)["']?\s*:\s*(major|minor|patch|none)\s*$/.exec(line);
    if (entry) releases[entry[1]] = entry[2];
  }
  return releases;
}

/**
 * The changeset that announces a breaking change of `packageName`: it bumps that package a
 * major (0.x included) and its text names the change by one of `names`. A major for another
 * package, or about something else, does not cover it.
 */
export function changesetCovering(changesets, packageName, names) {
  return changesets.find(
    (c) => c.releases[packageName] === "major" && names.some((name) => c.text.includes(name)),
  );
}

// Which packages a spec change touches, and whether a pending changeset bumps them a major.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The package generated from the spec; a spec change reaches users through it. */
export const SPEC_PACKAGE = "@org/agent-engine-types";

/** Every pending changeset in `.changeset/` as { file, releases: { name: bump } }. */
export function readChangesets(repoRoot) {
  const dir = join(repoRoot, ".changeset");
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => ({ file, releases: parseReleases(readFileSync(join(dir, file), "utf8")) }));
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
 * The packages a spec change touches: the spec's package and every package released with it
 * under one version (`fixed` in .changeset/config.json). With `fixed`, changesets bumps the
 * whole group together, so a major changeset on any of them is a major for all.
 */
export function packagesTouchedBySpec(repoRoot) {
  const configPath = join(repoRoot, ".changeset", "config.json");
  const fixed = existsSync(configPath) ? (JSON.parse(readFileSync(configPath, "utf8")).fixed ?? []) : [];
  const group = fixed.find((names) => names.includes(SPEC_PACKAGE)) ?? [SPEC_PACKAGE];
  return [...new Set([SPEC_PACKAGE, ...group])];
}

/** The changeset files that bump one of `packages` a major (empty when none does). */
export function majorChangesetsFor(changesets, packages) {
  return changesets.filter((c) => packages.some((name) => c.releases[name] === "major")).map((c) => c.file);
}

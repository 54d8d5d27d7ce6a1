// Compares a repository's spec/ with the spec of its last release and decides whether the
// pending changesets cover the breaking changes. Used by scripts/spec-diff.mjs and its tests.
import { join } from "node:path";
import { loadBundledSpec } from "../load-spec.mjs";
import { changesetCovering, readChangesets, SPEC_PACKAGE } from "./changesets.mjs";
import { CHANGE_TYPES, classifySpecChanges } from "./classify.mjs";
import { checkoutSpecAt, findReleaseBase } from "./release-base.mjs";

const SPEC_ENTRY = join("spec", "openapi.yaml");

/**
 * @param {string} repoRoot
 * @returns {Promise<{ ok: boolean, report: string[], changes: ReturnType<typeof classifySpecChanges> }>}
 *   ok is false when a breaking change has no major changeset for the types package naming it.
 */
export async function diffAgainstRelease(repoRoot) {
  const base = findReleaseBase(repoRoot);
  if (!base)
    return {
      ok: true,
      changes: [],
      report: ["No release yet (no release tag, no `changeset version` commit): nothing to compare with."],
    };
  const released = checkoutSpecAt(repoRoot, base.commit);
  if (!released)
    return {
      ok: true,
      changes: [],
      report: [`The release ${short(base.commit)} has no spec/: nothing to compare with.`],
    };
  let before;
  try {
    before = await loadBundledSpec(join(released.dir, SPEC_ENTRY));
  } finally {
    released.remove();
  }
  const after = await loadBundledSpec(join(repoRoot, SPEC_ENTRY));
  const changes = classifySpecChanges(before, after);
  return {
    changes,
    ...judge(changes, repoRoot, `spec/ compared with ${short(base.commit)} (${base.reason})`),
  };
}

/** The verdict and the report's lines for classified changes. */
export function judge(changes, repoRoot, heading) {
  const report = [`${heading}: ${changes.length} change(s)`];
  for (const type of CHANGE_TYPES) {
    const ofType = changes.filter((c) => c.type === type);
    if (ofType.length === 0) continue;
    report.push("", `${type} (${ofType.length}):`, ...ofType.map((c) => `  - ${c.where}: ${c.description}`));
  }
  const breaking = changes.filter((c) => c.type === "breaking");
  if (breaking.length === 0) return { ok: true, report };
  const changesets = readChangesets(repoRoot);
  const uncovered = breaking.filter((c) => !changesetCovering(changesets, SPEC_PACKAGE, c.names));
  if (uncovered.length === 0) {
    const files = new Set(breaking.map((c) => changesetCovering(changesets, SPEC_PACKAGE, c.names).file));
    report.push("", `The breaking changes are announced by major changesets: ${[...files].join(", ")}.`);
    return { ok: true, report };
  }
  report.push(
    "",
    `${uncovered.length} breaking change(s) with no major changeset for ${SPEC_PACKAGE} that names them:`,
    ...uncovered.map(
      (c) => `  - ${c.where} (name it as ${c.names.map((n) => `\`${n}\``).join(" or ")}): ${c.description}`,
    ),
    `Undo them, or add a changeset (\`pnpm changeset\`) that bumps ${SPEC_PACKAGE} a major, names each and tells users what to change.`,
  );
  return { ok: false, report };
}

const short = (commit) => commit.slice(0, 7);

// Guards the public TypeScript API of the published packages with API Extractor: each
// package's built dist/index.d.ts is compared with its committed report, etc/*.api.md, so an
// export removed or changed by accident fails `pnpm check`. After an intended change, run
// `pnpm api:update` (builds, then rewrites the reports) and commit the reports with the change.
// Then an export changed or removed since the last release needs a major changeset naming it
// (scripts/api-breaks.mjs).
// Expects the packages built (`pnpm check` and `pnpm api:update` build them first).
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";
import { checkApiBreaks } from "./api-breaks.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const PACKAGES = ["packages/types", "packages/client", "packages/token-store-redis"];
const update = process.argv.includes("--update");

let failed = false;
for (const dir of PACKAGES) {
  const configFile = join(repoRoot, dir, "api-extractor.json");
  const config = ExtractorConfig.loadFileAndPrepare(configFile);
  const name = config.packageJson?.name ?? dir;
  if (!existsSync(config.mainEntryPointFilePath)) {
    console.error(`${config.mainEntryPointFilePath} is missing: build ${name} first (pnpm build)`);
    failed = true;
    continue;
  }
  const result = Extractor.invoke(config, {
    localBuild: update,
    showVerboseMessages: false,
    messageCallback: quietProgress,
  });
  if (result.succeeded) {
    console.log(
      `${name}: ${update && result.apiReportChanged ? "API report updated" : "public API matches"} ${relativeToRoot(config.reportFilePath)}`,
    );
    const breaks = checkApiBreaks(repoRoot, dir, relativeToRoot(config.reportFilePath).slice(dir.length + 1));
    if (breaks.report.length > 0) (breaks.ok ? console.log : console.error)(breaks.report.join("\n"));
    if (!breaks.ok && !update) failed = true;
    continue;
  }
  failed = true;
  console.error(
    `\n${name}: the public API differs from ${relativeToRoot(config.reportFilePath)} (${result.errorCount} error(s), ${result.warningCount} warning(s)).`,
  );
  if (result.apiReportChanged) printDiff(config.reportFilePath, config.reportTempFilePath);
  console.error(
    "If the change is intended: `pnpm api:update`, commit the report, and add a changeset (a removed or changed export is a major).",
  );
}
process.exit(failed ? 1 : 0);

/** API Extractor's own notes on what it is doing are noise here; its warnings and errors are not. */
function quietProgress(message) {
  if (message.logLevel === "info" || message.logLevel === "verbose") message.handled = true;
}

function printDiff(committed, current) {
  if (!existsSync(committed)) return console.error(`no committed report at ${relativeToRoot(committed)}`);
  try {
    execFileSync(
      "git",
      ["diff", "--no-index", "--no-color", "--", relativeToRoot(committed), relativeToRoot(current)],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
  } catch (error) {
    console.error(String(error.stdout ?? readFileSync(current, "utf8")));
  }
}

function relativeToRoot(path) {
  return path.startsWith(repoRoot) ? path.slice(repoRoot.length + 1) : path;
}

// `pnpm docs`: the reference site in docs-site/ (git ignores it). The HTTP reference from the
// spec (Redocly build-docs, its scripts inlined so the page works offline), the TypeScript
// reference of the published packages (TypeDoc, typedoc.config.mjs: any warning fails), and an
// index page linking both. Fails on a broken link inside the site. Needs the packages built
// (the client's sources import the types package's build); `pnpm docs` builds them first.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBrokenLinks } from "./docs/check-links.mjs";
import { renderIndexPage } from "./docs/index-page.mjs";
import { loadBundledSpec } from "./load-spec.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const siteDir = join(repoRoot, "docs-site");
const bin = (name) => join(repoRoot, "node_modules", ".bin", name);
// No usage reports from the build, and none from the built page (Redoc reads the same switch).
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

rmSync(siteDir, { recursive: true, force: true });
mkdirSync(siteDir, { recursive: true });

run("HTTP reference", bin("redocly"), [
  "build-docs",
  "spec/openapi.yaml",
  "--inlineBundle",
  "--title",
  "Agent Engine API: HTTP reference",
  "--output",
  "docs-site/http/index.html",
]);
run("TypeScript reference", bin("typedoc"), ["--options", "typedoc.config.mjs", "--logLevel", "Warn"]);

const spec = await loadBundledSpec(join(repoRoot, "spec", "openapi.yaml"));
const packages = ["types", "client"].map((dir) =>
  JSON.parse(readFileSync(join(repoRoot, "packages", dir, "package.json"), "utf8")),
);
writeFileSync(
  join(siteDir, "index.html"),
  renderIndexPage({ apiTitle: spec.info.title, apiVersion: spec.info.version, packages }),
);

const broken = findBrokenLinks(siteDir, { ignore: isClientSideLink });
if (broken.length > 0) {
  console.error(`${broken.length} broken link(s) in docs-site/:`);
  for (const { page, href, problem } of broken) console.error(`  ${page}: ${href} (${problem})`);
  process.exit(1);
}
console.log("docs-site/index.html: the HTTP and TypeScript references, no broken links");

/**
 * Links that only resolve in the browser: Redoc's page routes its sidebar, and the operation
 * links into it, itself (tests/tooling/test/reference.test.mjs checks those), and TypeDoc
 * draws hierarchy.html's tree, and its anchors, from a script.
 */
function isClientSideLink({ page, href }) {
  if (page === "http/index.html" && href.startsWith("/")) return true;
  if (/(^|\/)http\/index\.html#operation\//.test(href)) return true;
  return /(^|\/)hierarchy\.html#/.test(href);
}

function run(what, command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, env, encoding: "utf8" });
  const output = `${result.stdout}${result.stderr}`
    .split("\n")
    .filter((line) => !/[║╔╚═]/.test(line))
    .join("\n")
    .trim();
  if (result.status !== 0) {
    console.error(`${what} failed (${[command.replace(`${repoRoot}/`, ""), ...args].join(" ")}):\n${output}`);
    process.exit(1);
  }
}

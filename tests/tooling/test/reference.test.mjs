// The built TypeScript reference (docs-site/, from `docs:build`, which this package's tests
// follow) shows every resource method with its signature and a working link to its operation
// in the HTTP reference, each group on its own page, and no page too heavy to open.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const site = join(repoRoot, "docs-site");
const pages = join(site, "ts", "interfaces");
const source = readFileSync(join(repoRoot, "packages/client/src/generated/resources.ts"), "utf8");
const groups = [...source.matchAll(/^export interface (\w+) \{\n([\s\S]*?)^\}/gm)].map(([, name, body]) => ({
  name,
  signatures: [...body.matchAll(/^ {2}(\w+\(.*\): .+);$/gm)].map((match) => match[1]),
}));
const ENTITIES = { lt: "<", gt: ">", quot: '"', amp: "&" };
const text = (html) =>
  html
    .replace(/<[^>]+>/g, "")
    .replace(/&(lt|gt|quot|amp);/g, (_, name) => ENTITIES[name])
    .replace(/\s+/g, "")
    // TypeDoc breaks a long signature over lines, with a comma after its last parameter.
    .replace(/,\)/g, ")");

it("shows each resource method's signature, with its types' names, on its group's page", () => {
  expect(groups.map((group) => group.name)).toContain("ConnectorsResource");
  expect(groups.flatMap((group) => group.signatures).length).toBeGreaterThan(20);
  for (const { name, signatures } of groups) {
    const page = text(readFileSync(join(pages, `_org_agent-engine-client.${name}.html`), "utf8"));
    for (const signature of signatures) expect(page, name).toContain(signature.replace(/\s+/g, ""));
  }
});

it("has no page over 1 MB in the TypeScript reference", () => {
  const files = readdirSync(join(site, "ts"), { recursive: true });
  const heavy = files.filter((file) => statSync(join(site, "ts", file)).size > 1_000_000);
  expect(heavy).toEqual([]);
});

it("links each resource method to its operation in the HTTP reference, which Redoc opens", () => {
  const httpPage = join(site, "http", "index.html");
  // Redoc routes `#operation/<operationId>` in the browser; the page embeds the spec it draws.
  const drawn = readFileSync(httpPage, "utf8").matchAll(/"operationId":"(\w+)"/g);
  const known = new Set([...drawn].map((m) => m[1]));
  for (const { name, signatures } of groups) {
    const file = join(pages, `_org_agent-engine-client.${name}.html`);
    const links = [...readFileSync(file, "utf8").matchAll(/href="([^"]*#operation\/(\w+))"/g)];
    expect(links.length, name).toBeGreaterThanOrEqual(signatures.length);
    for (const [, href, operation] of links) {
      const target = relative(site, join(dirname(file), href.split("#")[0]));
      expect(target, `${name}: ${href}`).toBe("http/index.html");
      expect(known, `${name}: ${href}`).toContain(operation);
    }
  }
  // That Redoc opens such a link, and not a missing one, in a real browser.
  const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=10000", "--dump-dom"];
  const options = { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 120_000 };
  const sectionsAt = (operation) =>
    spawnSync(chromium, [...flags, `${pathToFileURL(httpPage)}#operation/${operation}`], options).stdout;
  expect(sectionsAt("createConnector")).toMatch(/data-section-id="\/connectors\/createconnector"/);
  expect(sectionsAt("noSuchOperation")).not.toMatch(/data-section-id="[^"]*\/nosuchoperation"/);
}, 300_000);

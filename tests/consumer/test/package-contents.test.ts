// What the packed packages carry, read from the consumer's node_modules after npm installed them.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";

const consumerDir = inject("consumerDir");
const REPOSITORY = "https://github.com/org/agent-engine-client";

describe.each([
  { name: "agent-engine-types", source: "packages/types" },
  { name: "agent-engine-client", source: "packages/client" },
])("@org/$name as installed", ({ name, source }) => {
  const dir = join(consumerDir, "node_modules", "@org", name);
  // `changeset version` writes the CHANGELOG at the first release.
  const changelog = existsSync(join(repoRoot, source, "CHANGELOG.md")) ? ["CHANGELOG.md"] : [];
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;

  it("has its README, the MIT license and the built files, and nothing from the workspace", () => {
    expect(readdirSync(dir).sort()).toEqual(
      [...changelog, "LICENSE", "README.md", "dist", "package.json"].sort(),
    );
    expect(readFileSync(join(dir, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} /);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toMatch(new RegExp(`^# @org/${name}\\n`));
    const built = readdirSync(join(dir, "dist"));
    expect(built).toEqual(expect.arrayContaining(["index.cjs", "index.d.cts", "index.d.ts", "index.js"]));
    expect(built.filter((file) => !/\.(c?js|d\.c?ts|c?js\.map)$/.test(file))).toEqual([]);
  });

  it("declares its license, engines, side effects and real dependency versions", () => {
    expect(manifest).toMatchObject({
      license: "MIT",
      sideEffects: false,
      engines: { node: expect.stringMatching(/^>=20/) },
    });
    expect(JSON.stringify(manifest)).not.toContain("workspace:");
    expect(existsSync(join(dir, "src"))).toBe(false);
  });

  it("points to its source, home page and issues, and every link of its README works off the repository", () => {
    expect(manifest).toMatchObject({
      repository: { type: "git", url: `git+${REPOSITORY}.git`, directory: source },
      homepage: `${REPOSITORY}/tree/main/${source}#readme`,
      bugs: { url: `${REPOSITORY}/issues` },
      publishConfig: { access: "public", provenance: true },
    });
    // The registry's page shows the README without the repository around it.
    const links = [...readFileSync(join(dir, "README.md"), "utf8").matchAll(/\]\(([^)]+)\)/g)].map(
      (m) => m[1] ?? "",
    );
    expect(links.filter((link) => !link.startsWith("https://"))).toEqual([]);
  });
});

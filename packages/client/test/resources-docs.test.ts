// docs/resources.md keeps up with the resource table: every method is named there, and every
// method that is not a GET says in the retries table what a timeout does to it. (Its ```ts
// examples run with every other doc example, in doc-examples.test.ts.)
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { resourceLeaves } from "./helpers/resource-leaves.js";

const page = readFileSync(fileURLToPath(new URL("../../../docs/resources.md", import.meta.url)), "utf8");

/** The page's section under `heading`, up to the next heading of its level or above. */
function section(heading: string): string {
  const start = page.indexOf(`${heading}\n`);
  if (start === -1) return "";
  const level = heading.indexOf(" ");
  const next = new RegExp(`\\n#{1,${level}} `, "g");
  next.lastIndex = start + heading.length;
  return page.slice(start, next.exec(page)?.index);
}

describe("docs/resources.md", () => {
  const retries = section("## Which methods are retried");

  it("has the retries table", () => {
    expect(retries).not.toBe("");
  });

  it.each(resourceLeaves().map((leaf) => [leaf.name, leaf] as const))("documents %s", (name, leaf) => {
    const [method] = name.split(".").slice(-1);
    expect(page).toContain(`${method}(`);
    if (leaf.entry.method !== "GET")
      expect(retries).toMatch(
        new RegExp(`\`${name.replace(/\./g, "\\.")}\`[^|]*\\| ${leaf.entry.method} \\|`),
      );
  });
});

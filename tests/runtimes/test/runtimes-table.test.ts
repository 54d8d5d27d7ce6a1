// The runtime table of docs/runtimes.md names the versions this package pins; a bump that
// forgets the table fails here rather than leaving the docs claiming versions nobody tested.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../harness/paths.js";
import { installedVersion } from "../harness/runtimes.js";

const TABLE_HEADER = "| runtime | version tested | what passes |";

async function runtimeRows(): Promise<Map<string, string>> {
  const page = await readFile(join(repoRoot, "docs", "runtimes.md"), "utf8");
  const start = page.indexOf(TABLE_HEADER);
  expect(start, `docs/runtimes.md has no table headed ${TABLE_HEADER}`).toBeGreaterThan(-1);
  const lines = page.slice(start).split("\n");
  const rows = lines.slice(
    2,
    lines.findIndex((line, index) => index > 0 && !line.startsWith("|")),
  );
  return new Map(rows.map((row) => [row.split("|")[1]!.trim(), row.split("|")[2]!.trim()]));
}

describe("the runtime table of docs/runtimes.md", () => {
  it.each([
    { runtime: "Bun", versions: () => [installedVersion("bun")] },
    { runtime: "Deno", versions: () => [installedVersion("deno")] },
    {
      runtime: "Cloudflare Workers",
      versions: () => [
        `workerd ${installedVersion("workerd", "miniflare")}`,
        `miniflare ${installedVersion("miniflare")}`,
      ],
    },
    {
      runtime: "Vercel's edge runtime",
      versions: () => [`edge-runtime ${installedVersion("edge-runtime")}`],
    },
    {
      runtime: "Chromium, headless",
      versions: () => [`playwright-core ${installedVersion("playwright-core")}`],
    },
  ])("names the $runtime version installed here", async ({ runtime, versions }) => {
    const versionCell = (await runtimeRows()).get(runtime);
    for (const version of versions()) expect(versionCell).toContain(version);
  });
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findBrokenLinks } from "../../../scripts/docs/check-links.mjs";

let site;
const page = (path, body) => {
  mkdirSync(dirname(join(site, path)), { recursive: true });
  writeFileSync(join(site, path), `<!DOCTYPE html><html><body>${body}</body></html>`);
};

beforeEach(() => {
  site = mkdtempSync(join(tmpdir(), "site-"));
  page("ts/classes/Thing.html", '<h2 id="method-go">go</h2><a name="legacy"></a>');
  writeFileSync(join(site, "style.css"), "");
});
afterEach(() => rmSync(site, { recursive: true, force: true }));

describe("findBrokenLinks", () => {
  it("accepts links to existing pages, folders, assets and anchors, and ignores other sites", () => {
    page(
      "ts/index.html",
      '<a href="classes/Thing.html#method-go">go</a> <a href="classes/Thing.html#legacy">x</a> <a href="#top">top</a><i id="top"></i>',
    );
    page(
      "index.html",
      '<link href="style.css"><a href="ts/">ts</a> <a href="https://example.com/missing">x</a> <a href="mailto:a@b.c">m</a> <a href="ts/index.html?x=1&amp;y=2">q</a>',
    );
    expect(findBrokenLinks(site)).toEqual([]);
  });

  it("names the page, the link and what is wrong with it", () => {
    page(
      "index.html",
      '<a href="http/index.html">http</a> <a href="ts/classes/Thing.html#method-stop">stop</a> <img src="/logo.png"> <a href="../outside.html">out</a> <a href="ts/media/tokens.md">guide</a>',
    );
    page("ts/media/tokens.md", "# Tokens");
    expect(findBrokenLinks(site)).toEqual([
      { page: "index.html", href: "http/index.html", problem: "no such file: http/index.html" },
      {
        page: "index.html",
        href: "ts/classes/Thing.html#method-stop",
        problem: 'no element with id "method-stop"',
      },
      {
        page: "index.html",
        href: "/logo.png",
        problem: "points at the root of the host, not into the site (use a relative link)",
      },
      { page: "index.html", href: "../outside.html", problem: "points outside the site" },
      {
        page: "index.html",
        href: "ts/media/tokens.md",
        problem: "opens a raw Markdown file, not a page (TypeDoc: projectDocuments)",
      },
    ]);
  });

  it("skips links the caller marks as resolved in the browser, and links inside scripts", () => {
    page("app.html", '<a href="/route">r</a><script>const a = \'<a href="gone.html">\';</script>');
    expect(
      findBrokenLinks(site, { ignore: ({ page: p, href }) => p === "app.html" && href.startsWith("/") }),
    ).toEqual([]);
  });
});

// Finds the broken links of a built static site: every href and src of every HTML page that
// points inside the site must name a file that exists, not a raw Markdown one, and, with a
// #fragment, an element of that page with that id (or name). Links to other sites are not
// followed (no network).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

const ATTRIBUTE = /\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const ID = /\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * @param {string} siteDir the folder the site is built into
 * @param {{ ignore?: (link: { page: string, href: string }) => boolean }} [options]
 *   page is relative to siteDir, with forward slashes
 * @returns {{ page: string, href: string, problem: string }[]}
 */
export function findBrokenLinks(siteDir, options = {}) {
  const pages = listHtml(siteDir);
  const idsOf = memo((file) => collect(readFileSync(file, "utf8"), ID));
  const broken = [];
  for (const file of pages) {
    const page = relative(siteDir, file).split(sep).join("/");
    const html = readFileSync(file, "utf8").replace(/<script\b[\s\S]*?<\/script>/gi, "");
    for (const raw of collect(html, ATTRIBUTE)) {
      const href = decodeEntities(raw.trim());
      if (href === "" || EXTERNAL.test(href) || options.ignore?.({ page, href })) continue;
      const problem = checkLink(siteDir, file, href, idsOf);
      if (problem) broken.push({ page, href, problem });
    }
  }
  return broken;
}

function checkLink(siteDir, fromFile, href, idsOf) {
  const [beforeHash, fragment] = splitOnce(href, "#");
  const pathPart = beforeHash.split("?")[0];
  if (pathPart.startsWith("/"))
    return "points at the root of the host, not into the site (use a relative link)";
  let target = pathPart === "" ? fromFile : join(dirname(fromFile), decodeURIComponent(pathPart));
  if (
    !relative(siteDir, target)
      .split(sep)
      .every((part) => part !== "..")
  )
    return "points outside the site";
  if (existsSync(target) && statSync(target).isDirectory()) target = join(target, "index.html");
  if (!existsSync(target)) return `no such file: ${relative(siteDir, target).split(sep).join("/")}`;
  if (target.endsWith(".md")) return "opens a raw Markdown file, not a page (TypeDoc: projectDocuments)";
  if (fragment && target.endsWith(".html") && !idsOf(target).has(decodeURIComponent(fragment)))
    return `no element with id "${fragment}"`;
  return undefined;
}

function listHtml(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listHtml(full);
    return entry.name.endsWith(".html") ? [full] : [];
  });
}

function collect(text, pattern) {
  const found = new Set();
  for (const match of text.matchAll(pattern)) found.add(match[1] ?? match[2]);
  return found;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at === -1 ? [text, ""] : [text.slice(0, at), text.slice(at + 1)];
}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function decodeEntities(text) {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name) => {
    if (name[0] === "#")
      return String.fromCodePoint(
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : Number(name.slice(1)),
      );
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function memo(fn) {
  const cache = new Map();
  return (key) => {
    if (!cache.has(key)) cache.set(key, fn(key));
    return cache.get(key);
  };
}

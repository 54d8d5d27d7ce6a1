// The ```ts examples of the repository's README.md and docs/**/*.md, for the tests that
// type-check and run them as written, wherever they sit in those files.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export interface DocExample {
  /** The Markdown file, relative to the repository root, with forward slashes. */
  file: string;
  /** The 1-based line of the opening fence. */
  line: number;
  /** The words after `ts` on the opening fence (`retry-server` picks the server it runs against). */
  tags: string[];
  code: string;
}

/** README.md and every Markdown file under docs/, sorted. */
export function docFiles(): string[] {
  const underDocs = listMarkdown(join(repoRoot, "docs")).map((file) =>
    relative(repoRoot, file).split(sep).join("/"),
  );
  return ["README.md", ...underDocs.sort()];
}

/** Every ```ts block of every doc file, with where it opens. */
export function docExamples(): DocExample[] {
  return docFiles().flatMap((file) => examplesIn(file, readFileSync(join(repoRoot, file), "utf8")));
}

/** The ```ts blocks of one Markdown text (fences at the start of a line, as in CommonMark). */
export function examplesIn(file: string, markdown: string): DocExample[] {
  const lines = markdown.split("\n");
  const found: DocExample[] = [];
  let open: { line: number; tags: string[]; fence: string; body: string[] } | undefined;
  let otherFence: string | undefined;
  lines.forEach((text, index) => {
    if (open) {
      if (isClosingFence(text, open.fence)) {
        found.push({ file, line: open.line, tags: open.tags, code: `${open.body.join("\n")}\n` });
        open = undefined;
      } else open.body.push(text);
      return;
    }
    if (otherFence) {
      if (isClosingFence(text, otherFence)) otherFence = undefined;
      return;
    }
    const fence = /^(`{3,})\s*(\S*)\s*(.*)$/.exec(text);
    if (!fence) return;
    const [, ticks, language, rest] = fence;
    if (language === "ts")
      open = { line: index + 1, tags: rest!.split(/\s+/).filter(Boolean), fence: ticks!, body: [] };
    else otherFence = ticks;
  });
  if (open) throw new Error(`${file}:${open.line}: a \`\`\`ts block is never closed`);
  return found;
}

/** Writes `code` to `file` as a module that imports the client from `clientEntry` instead of the package. */
export function writeExample(code: string, file: string, clientEntry: string): void {
  const source = code.replaceAll('"@org/agent-engine-client"', JSON.stringify(clientEntry));
  writeFileSync(file, `${source}\nexport {};\n`);
}

/** A run of at least as many backticks as the opening fence, and nothing else. */
function isClosingFence(text: string, opening: string): boolean {
  const closing = /^(`{3,})\s*$/.exec(text);
  return closing !== null && closing[1]!.length >= opening.length;
}

function listMarkdown(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return listMarkdown(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

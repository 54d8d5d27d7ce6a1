// Every ```ts example of README.md and docs/**/*.md, type-checked and run as written: only the
// client's import (-> its sources) is redirected, and AIRBYTE_BASE_URL names a local server,
// so a doc that drifts from the API fails here, wherever the example sits. Nothing rewrites a
// URL: a `next` page naming the production host is followed as the client itself follows it.
// `ts retry-server` on the opening fence runs a block against the fault-injection server,
// whose first answer on the definitions path is a 503; every other block runs against Prism.
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from "vitest";
import {
  CLIENT_SECRET,
  DEFINITIONS_PATH,
  startFaultServer,
  type FaultServer,
} from "./fault-injection/fault-server.js";
import { docExamples, docFiles, examplesIn, writeExample, type DocExample } from "./helpers/doc-examples.js";

const here = dirname(fileURLToPath(import.meta.url));
const scratch = join(here, ".doc-examples");
const examples = docExamples();
const SERVERS = new Set(["retry-server"]);
// The README and docs held 5 ```ts examples when this test replaced the heading-based ones:
// a collector that silently finds fewer must fail, not pass with less.
const EXAMPLES_AT_LEAST = 5;

const scratchFile = (example: DocExample) =>
  join(scratch, `${example.file.replace(/[^A-Za-z0-9]+/g, "-")}-${example.line}.ts`);

let faultServer: FaultServer | undefined;
let problemsByFile: Map<string, string[]> | undefined;

beforeAll(async () => {
  mkdirSync(scratch, { recursive: true });
  for (const example of examples) writeExample(example.code, scratchFile(example), "../../src/index.js");
  if (examples.some((example) => example.tags.includes("retry-server")))
    faultServer = await startFaultServer();
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await faultServer?.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("the docs' examples", () => {
  it("come from README.md and the files under docs/", () => {
    const files = docFiles();
    expect(files.length).toBeGreaterThan(1);
    expect(files).toContain("README.md");
    expect(files.filter((file) => file.startsWith("docs/"))).toContain("docs/tokens.md");
    expect(examples.length).toBeGreaterThanOrEqual(EXAMPLES_AT_LEAST);
    expect(new Set(examples.map((example) => example.file))).toContain("README.md");
  });

  it.each(examples.map((example) => [`${example.file}:${example.line}`, example] as const))(
    "%s type-checks and runs",
    async (_name, example) => {
      const unknownTags = example.tags.filter((tag) => !SERVERS.has(tag));
      expect(unknownTags, "words after ```ts that name no server this test knows").toEqual([]);
      const file = scratchFile(example);
      expect(typeProblems().get(file) ?? []).toEqual([]);

      const server = example.tags.includes("retry-server") ? faultServer! : undefined;
      server?.clear();
      server?.script(DEFINITIONS_PATH, { status: 503 });
      vi.stubEnv("AIRBYTE_BASE_URL", server?.url ?? inject("prismUrl"));
      // Anything that still names the production host would leave this machine: refuse it.
      const realFetch = globalThis.fetch;
      vi.stubGlobal("fetch", (input: Request | string | URL, init?: RequestInit) => {
        const url = input instanceof Request ? input.url : String(input);
        if (!url.startsWith("http://127.0.0.1:")) throw new Error(`the example sent a request to ${url}`);
        return realFetch(input, init);
      });
      vi.stubEnv("AIRBYTE_CLIENT_ID", "docs-client");
      vi.stubEnv("AIRBYTE_CLIENT_SECRET", server ? CLIENT_SECRET : "docs-secret");
      const logged: unknown[][] = [];
      vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args));
      const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);

      await import(/* @vite-ignore */ `${file}?run=${Date.now()}`);

      expect(errors).not.toHaveBeenCalled();
      // Every value an example prints must exist: an undefined one means the doc and the API disagree.
      const printed = logged.map((args) => args.map((arg) => JSON.stringify(arg) ?? String(arg)).join(" "));
      expect(printed).toHaveLength((example.code.match(/console\.log\(/g) ?? []).length);
      expect(printed.join("\n")).not.toMatch(/undefined|null/);
      // A retry-server example prints once per call, and the one 503 it met was retried.
      if (server) expect(server.count(DEFINITIONS_PATH)).toBe(printed.length + 1);
    },
    60_000,
  );
});

describe("examplesIn", () => {
  it("finds ts blocks at any depth of headings, with their line and tags, and nothing else", () => {
    const markdown = [
      "# Title",
      "```ts",
      "const a = 1;",
      "```",
      "### Deep",
      "```sh",
      "```ts",
      "```",
      "````md",
      "```ts",
      "const quoted = 1;",
      "```",
      "````",
      "```tsx",
      "const b = <div />;",
      "```",
      "```ts retry-server",
      "const c = 3;",
      "````",
    ].join("\n");
    expect(examplesIn("x.md", markdown)).toEqual([
      { file: "x.md", line: 2, tags: [], code: "const a = 1;\n" },
      { file: "x.md", line: 17, tags: ["retry-server"], code: "const c = 3;\n" },
    ]);
  });

  it("refuses a ts block that is never closed, naming where it opens", () => {
    expect(() => examplesIn("x.md", "text\n```ts\nconst a = 1;\n")).toThrow("x.md:2");
  });
});

/** The type errors of every example, by scratch file: one program for all of them, built once. */
function typeProblems(): Map<string, string[]> {
  if (problemsByFile) return problemsByFile;
  const config = ts.getParsedCommandLineOfConfigFile(
    join(here, "../tsconfig.test.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    },
  )!;
  const files = examples.map(scratchFile);
  const program = ts.createProgram(files, { ...config.options, noEmit: true });
  problemsByFile = new Map(files.map((file) => [file, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const where =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
        : undefined;
    const owner = diagnostic.file?.fileName;
    // A problem outside the examples (the client's own sources, the config) counts against each.
    const targets = owner && problemsByFile.has(owner) ? [owner] : files;
    for (const target of targets)
      problemsByFile
        .get(target)!
        .push(where ? `${where.line + 1}:${where.character + 1} ${message}` : message);
  }
  return problemsByFile;
}

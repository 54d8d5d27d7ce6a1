// The README's TypeScript examples for the client, run as written against the Prism mock:
// only the network is redirected (api.airbyte.ai -> the mock), so a doc that drifts from the
// API fails here.
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, describe, expect, inject, it, vi } from "vitest";
import { readmeSection, readmeSnippets, writeSnippet } from "./helpers/readme.js";
import { resourceLeaves } from "./helpers/resource-leaves.js";

const here = dirname(fileURLToPath(import.meta.url));
const snippets = readmeSnippets("## Using the client");
const resourceSnippets = readmeSnippets("## Resources");
const scratch = join(here, ".readme-snippets");

afterAll(() => rmSync(scratch, { recursive: true, force: true }));
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("README examples", () => {
  it("has the examples this test expects", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(4);
  });

  it.each(snippets.map((code, index) => [index + 1, code] as const))("example %i runs against the mock", (index, code) => runAgainstMock(`example-${index}`, code));
});

describe("README examples of the resources", () => {
  it("has one example per resource group at least", () => {
    expect(resourceSnippets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(resourceSnippets.map((code, index) => [index + 1, code] as const))("resources example %i runs against the mock", (index, code) =>
    runAgainstMock(`resources-${index}`, code),
  );

  // From the resource table: a new method must be documented, and so must its timeout.
  const section = readmeSection("## Resources");
  const retries = readmeSection("### Which methods are retried");
  it.each(resourceLeaves().map((leaf) => [leaf.name, leaf] as const))("documents %s", (name, leaf) => {
    const [method] = name.split(".").slice(-1);
    expect(section).toContain(`${method}(`);
    if (leaf.entry.method !== "GET") expect(retries).toMatch(new RegExp(`\`${name.replace(/\./g, "\\.")}\`[^|]*\\| ${leaf.entry.method} \\|`));
  });
});

async function runAgainstMock(name: string, code: string): Promise<void> {
  const mock = inject("prismUrl");
  const realFetch = globalThis.fetch;
  vi.stubGlobal("fetch", async (input: Request | string | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = request.url.replace("https://api.airbyte.ai", mock);
    const body = request.body === null ? undefined : await request.arrayBuffer();
    return realFetch(url, { method: request.method, headers: request.headers, body, signal: request.signal });
  });
  vi.stubEnv("AIRBYTE_CLIENT_ID", "readme-client");
  vi.stubEnv("AIRBYTE_CLIENT_SECRET", "readme-secret");
  const logged: unknown[][] = [];
  vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args));
  const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);

  mkdirSync(scratch, { recursive: true });
  const file = join(scratch, `${name}.ts`);
  writeSnippet(code, file, join(here, "../src/index.ts"));
  await import(/* @vite-ignore */ `${file}?run=${Date.now()}`);

  expect(errors).not.toHaveBeenCalled();
  // Every value an example prints must exist: an undefined one means the doc and the API disagree.
  const printed = logged.map((args) => args.map((arg) => JSON.stringify(arg) ?? String(arg)).join(" "));
  expect(printed).toHaveLength((code.match(/console\.log\(/g) ?? []).length);
  expect(printed.join("\n")).not.toMatch(/undefined|null/);
}

// The repository README's TypeScript examples, for the tests that run them as written.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const readme = readFileSync(fileURLToPath(new URL("../../../../README.md", import.meta.url)), "utf8");

/** The ```ts blocks of the README section under `heading` (up to the next `## `); none when the heading is missing. */
export function readmeSnippets(heading: string): string[] {
  const start = readme.indexOf(heading);
  if (start === -1) return [];
  const end = readme.indexOf("\n## ", start + heading.length);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Writes `code` to `file` as a module that imports the client from `clientEntry` instead of the package. */
export function writeSnippet(code: string, file: string, clientEntry: string): void {
  const source = code.replaceAll('"@org/agent-engine-client"', JSON.stringify(clientEntry));
  writeFileSync(file, `${source}\nexport {};\n`);
}

// The repository README's TypeScript examples, for the tests that run them as written.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const readme = readFileSync(fileURLToPath(new URL("../../../../README.md", import.meta.url)), "utf8");

/** The README section under `heading`, up to the next heading of its level or above; empty when missing. */
export function readmeSection(heading: string): string {
  const start = readme.indexOf(`${heading}\n`);
  if (start === -1) return "";
  const level = heading.indexOf(" ");
  const next = new RegExp(`\\n#{1,${level}} `, "g");
  next.lastIndex = start + heading.length;
  const end = next.exec(readme)?.index;
  return readme.slice(start, end);
}

/** The ```ts blocks of the README section under `heading`; none when the heading is missing. */
export function readmeSnippets(heading: string): string[] {
  return [...readmeSection(heading).matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Writes `code` to `file` as a module that imports the client from `clientEntry` instead of the package. */
export function writeSnippet(code: string, file: string, clientEntry: string): void {
  const source = code.replaceAll('"@org/agent-engine-client"', JSON.stringify(clientEntry));
  writeFileSync(file, `${source}\nexport {};\n`);
}

// The packed packages' types, checked the way a TypeScript consumer on Node checks them.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { expect, inject, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";
import { run } from "./helpers/run.js";

const consumerDir = inject("consumerDir");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

it("type-checks typed calls and typed errors, and refuses an unknown path, with moduleResolution NodeNext", async () => {
  // The fixtures' @ts-expect-error lines make tsc fail if an unknown path or a wrong
  // parameter type were accepted (as they would be if the types resolved to `any`).
  const result = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--listFilesOnly"], {
    cwd: consumerDir,
    timeoutMs: 60_000,
  });
  expect(result.code, result.stdout + result.stderr).toBe(0);
  const files = result.stdout.split("\n");
  // The types come from the installed tarballs, for both module formats.
  expect(files).toContain(`${consumerDir}/node_modules/@org/agent-engine-client/dist/index.d.ts`);
  expect(files).toContain(`${consumerDir}/node_modules/@org/agent-engine-client/dist/index.d.cts`);
  expect(
    files.some((file) => file.startsWith(`${consumerDir}/node_modules/@org/agent-engine-types/dist/`)),
  ).toBe(true);

  const check = await run(process.execPath, [tsc, "-p", "tsconfig.json"], {
    cwd: consumerDir,
    timeoutMs: 60_000,
  });
  expect(check.stdout + check.stderr).toBe("");
  expect(check.code).toBe(0);
});

it("type-checks the packages' README examples against the installed packages", async () => {
  const examples = ["types", "client"].flatMap((name) => {
    const readme = readFileSync(join(repoRoot, "packages", name, "README.md"), "utf8");
    return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((match, index) => ({
      file: `${name}-${index + 1}.mts`,
      code: match[1]!,
    }));
  });
  expect(examples.map((example) => example.file)).toEqual(
    expect.arrayContaining(["types-1.mts", "client-1.mts"]),
  );

  const dir = join(consumerDir, "readme-examples");
  mkdirSync(dir, { recursive: true });
  for (const example of examples) writeFileSync(join(dir, example.file), `${example.code}\nexport {};\n`);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.json", files: examples.map((e) => e.file) }),
  );

  const check = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, timeoutMs: 60_000 });
  expect(check.stdout + check.stderr).toBe("");
  expect(check.code).toBe(0);
});

it("names the resource method, its parameters and its answer in a consumer's compile errors", async () => {
  const dir = join(consumerDir, "mistyped");
  mkdirSync(dir, { recursive: true });
  const code = `import { createAgentEngineClient } from "@org/agent-engine-client";
const client = createAgentEngineClient({ clientId: "id", clientSecret: "secret" });
await client.connectors.craete({ workspace_name: "w" });
await client.templates.connections.describeCron("0 0 2 * * ?");
const count: number = await client.connectors.get("id");
// Unions and intersections of the spec, by their names too.
await client.templates.sources.create("template");
await client.connectors.create("connector");
const template: number = await client.templates.connections.get("id");
export {};
`;
  writeFileSync(join(dir, "mistyped.mts"), code);
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({ extends: "../tsconfig.json", files: ["mistyped.mts"] }),
  );
  const check = await run(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, timeoutMs: 60_000 });
  const errors = check.stdout + check.stderr;
  expect(errors).toContain(
    "Property 'craete' does not exist on type 'ConnectorsResource'. Did you mean 'create'?",
  );
  expect(errors).toContain("not assignable to parameter of type 'CronDescriptionRequest'");
  expect(errors).toContain("Type 'Connector' is not assignable to type 'number'");
  expect(errors).toContain("not assignable to parameter of type 'SourceTemplateCreateOrCloneRequest'");
  expect(errors).toContain("not assignable to parameter of type 'ConnectorCreateRequest'");
  expect(errors).toContain("Type 'ConnectionTemplate' is not assignable to type 'number'");
  expect(check.code).not.toBe(0);
});

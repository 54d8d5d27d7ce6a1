// The client's resources table (packages/client/src/resources/table.ts) against the spec's
// operationIds at compile time: a renamed operationId fails the typecheck instead of a
// TypeError when a client is created. Compiled in memory, with one id renamed.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { expect, it } from "vitest";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const tableFile = join(repoRoot, "packages/client/src/resources/table.ts");
const committed = readFileSync(tableFile, "utf8");

function typeErrors(tableSource) {
  const { options } = ts.parseJsonConfigFileContent(
    ts.readConfigFile(join(repoRoot, "packages/client/tsconfig.json"), ts.sys.readFile).config,
    ts.sys,
    join(repoRoot, "packages/client"),
  );
  // The types package from its sources, so no build is needed.
  const compilerOptions = {
    ...options,
    paths: { "@org/agent-engine-types": [join(repoRoot, "packages/types/src/index.ts")] },
  };
  const host = ts.createCompilerHost(compilerOptions);
  const readSource = host.getSourceFile;
  host.getSourceFile = (name, ...rest) =>
    name === tableFile
      ? ts.createSourceFile(name, tableSource, ts.ScriptTarget.ES2022)
      : readSource(name, ...rest);
  const program = ts.createProgram([tableFile], compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

it("compiles as committed", () => {
  expect(typeErrors(committed)).toEqual([]);
});

it("fails to compile when it names an operationId the spec does not have", () => {
  expect(committed).toContain('"listConnectors"');
  expect(typeErrors(committed.replace('"listConnectors"', '"listConnectorz"')).join("\n")).toContain(
    "listConnectorz",
  );
});

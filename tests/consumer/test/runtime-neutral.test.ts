// The client runs on any runtime with a web-standard fetch (Node, Bun, Deno, edge workers):
// bundled for a "neutral" platform, where esbuild knows no Node built-in, the installed
// package must resolve completely and leave no import or require of anything behind.
import { builtinModules } from "node:module";
import { build, type BuildFailure, type Format } from "esbuild";
import { describe, expect, inject, it } from "vitest";

const consumerDir = inject("consumerDir");

interface BundleResult {
  errors: string[];
  inputs: string[];
  externalImports: string[];
  moduleCalls: string[];
}

/** Bundles `contents` as if it were a file in the consumer project, for no particular runtime. */
async function bundleForNeutralPlatform(contents: string, format: Format): Promise<BundleResult> {
  try {
    const result = await build({
      absWorkingDir: consumerDir,
      stdin: {
        contents,
        resolveDir: consumerDir,
        sourcefile: `entry.${format === "cjs" ? "cjs" : "mjs"}`,
        loader: "js",
      },
      bundle: true,
      platform: "neutral",
      format,
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const output = result.outputFiles[0]!.text;
    return {
      errors: [],
      inputs: Object.keys(result.metafile.inputs),
      externalImports: Object.values(result.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path)),
      moduleCalls: [
        ...output.matchAll(/\b(?:require|import)\s*\(\s*["'`]([^"'`]+)["'`]\s*\)|\bfrom\s*["']([^"']+)["']/g),
      ].map((match) => match[1] ?? match[2]!),
    };
  } catch (error) {
    return {
      errors: (error as BuildFailure).errors.map((e) => e.text),
      inputs: [],
      externalImports: [],
      moduleCalls: [],
    };
  }
}

const builtins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

describe.each([
  {
    via: "import",
    format: "esm" as const,
    entry: "dist/index.js",
    source: 'export * from "@org/agent-engine-client";',
  },
  {
    via: "require",
    format: "cjs" as const,
    entry: "dist/index.cjs",
    source: 'module.exports = require("@org/agent-engine-client");',
  },
])("the client's bundle reached through $via", ({ format, entry, source }) => {
  it("resolves without any Node built-in and keeps no module import", async () => {
    const bundle = await bundleForNeutralPlatform(source, format);
    expect(bundle.errors).toEqual([]);
    expect(bundle.inputs).toContain(`node_modules/@org/agent-engine-client/${entry}`);
    expect(bundle.inputs.some((input) => input.includes("node_modules/openapi-fetch/"))).toBe(true);
    expect(bundle.inputs.filter((input) => builtins.has(input))).toEqual([]);
    expect(bundle.externalImports).toEqual([]);
    expect(bundle.moduleCalls).toEqual([]);
  });
});

describe("the check itself", () => {
  it.each([
    {
      format: "esm" as const,
      source: 'import { createHash } from "node:crypto"; export const hash = createHash;',
    },
    { format: "cjs" as const, source: 'module.exports = require("fs").readFileSync;' },
  ])("catches a Node built-in ($format)", async ({ format, source }) => {
    const bundle = await bundleForNeutralPlatform(source, format);
    expect(bundle.errors.join("\n")).toMatch(/Could not resolve "(node:crypto|fs)"/);
  });
});

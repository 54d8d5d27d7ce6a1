// TypeDoc for `pnpm docs` (scripts/build-docs.mjs): the TypeScript reference of both published
// packages, from their sources, into docs-site/ts. Any warning fails the build. Each package's own typedoc.json lists the types its
// public API refers to without exporting them, so that a new one fails the build.
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
const packageOptions = {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.json",
  // openapi-typescript writes each schema's description as a `@description` block, and a `const` as `@constant`.
  blockTags: [...OptionDefaults.blockTags, "@description", "@constant"],
};

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "Agent Engine API for TypeScript",
  entryPointStrategy: "packages",
  entryPoints: ["packages/types", "packages/client"],
  packageOptions,
  out: "docs-site/ts",
  readme: "none",
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true },
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
};

// TypeDoc for `pnpm docs` (the root `docs:build` script): the TypeScript reference of both published
// packages, from their sources, into docs-site/ts. Any warning fails the build. Each package's own typedoc.json lists the types its
// public API refers to without exporting them, so that a new one fails the build.
import { OptionDefaults } from "typedoc";

/** @type {Partial<import("typedoc").TypeDocOptions>} */
const packageOptions = {
  entryPoints: ["src/index.ts"],
  tsconfig: "tsconfig.json",
  // openapi-typescript writes each schema's description as a `@description` block, and a
  // single-value enum as `@constant`.
  blockTags: [...OptionDefaults.blockTags, "@description", "@constant"],
  // No source links: they would need a hosted git remote, which a clone of this repo may lack.
  disableSources: true,
  // A method's link into the HTTP reference is relative to its page in the built site, not to
  // its source file; tests/tooling/test/reference.test.mjs checks each one against the built HTTP page.
  validation: { invalidPath: false },
};

/** @type {Partial<import("typedoc").TypeDocOptions>} */
export default {
  name: "Agent Engine API for TypeScript",
  entryPointStrategy: "packages",
  entryPoints: ["packages/types", "packages/client"],
  packageOptions,
  out: "docs-site/ts",
  readme: "README.md",
  // The guides as pages of the site: TypeDoc points relative links to these files (from the
  // README, the guides and doc comments) at their pages instead of copying the raw `.md`.
  projectDocuments: ["docs/*.md", "api.md", "examples/widget-token-endpoint/README.md"],
  // No autolinks: "performance.md" in a sentence is not the host performance.md.
  markdownItOptions: { html: true, linkify: false },
  treatWarningsAsErrors: true,
  treatValidationWarningsAsErrors: true,
  validation: { notExported: true, invalidLink: true, rewrittenLink: true },
  excludePrivate: true,
  excludeInternal: true,
  disableSources: true,
};

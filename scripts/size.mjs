// Size budget of @org/agent-engine-client's published ESM entry (dist/index.js), as a browser
// or edge bundler would ship it: esbuild, minified, tree-shaken, platform neutral, then gzip
// (level 9) and brotli (quality 11). Sizes are bytes; 1 kB = 1024 bytes.
//
// The budget and the target apply to what the client adds on top of openapi-fetch: the gzip
// of the client bundled with its dependencies, less that of openapi-fetch bundled alone. That
// is what an app that already ships openapi-fetch pays. Fails (exit 1) over the budget, or
// when importing one function bundles more than a quarter of everything (the package would
// not be tree-shakable). The budget (12 kB) covers the client with every resource of the API
// (issue 13); the target (5 kB) is reported, not enforced. A breakdown says what each part
// costs: the client's src is bundled again with one part stubbed out, and the part costs the
// difference (gzip does not add up exactly, so the parts are estimates). The line on messages shows how much
// of the size is error-message text, so how far shorter messages alone could take it.
// Run `pnpm build` first; `pnpm size` and `pnpm check` run it through turbo after the build.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import { build } from "esbuild";

const BUDGET_GZIP_BYTES = 12 * 1024;
const TARGET_GZIP_BYTES = 5 * 1024;
const clientDir = join(dirname(fileURLToPath(import.meta.url)), "..", "packages", "client");
// What docs/performance.md renders its size figures from (scripts/render-performance.mjs).
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "..", "bench-results", "size.json");
const entry = join(clientDir, "dist", "index.js");
const manifest = JSON.parse(readFileSync(join(clientDir, "package.json"), "utf8"));
const DEPENDENCIES = Object.keys(manifest.dependencies ?? {});

if (!existsSync(entry)) {
  console.error(`${entry} is missing: build the client first (pnpm build)`);
  process.exit(1);
}

/** Every string literal longer than `longerThan` characters, emptied: the code without its messages. */
function withoutLongStrings(code, longerThan) {
  return code.replace(/`(?:[^`\\]|\\.)*`|"(?:[^"\\]|\\.)*"/g, (literal) =>
    literal.length > longerThan ? '""' : literal,
  );
}

const gzipBytes = (bytes) => gzipSync(bytes, { level: 9 }).length;

async function bundle(source, external, plugins = []) {
  const result = await build({
    plugins,
    // Resolved from the client's own folder, the package name is a self-reference: esbuild
    // goes through its package.json (exports, sideEffects) as a consumer's bundler would.
    stdin: { contents: source, resolveDir: clientDir, sourcefile: "size-entry.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    platform: "neutral",
    treeShaking: true,
    external,
    write: false,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0].contents;
  return {
    text: result.outputFiles[0].text,
    minified: bytes.length,
    gzip: gzipBytes(bytes),
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}

const everything = `export * from "${manifest.name}";`;
const rows = [
  ["client's own code (dependencies external)", await bundle(everything, DEPENDENCIES)],
  ["client with its dependencies bundled", await bundle(everything, [])],
  [
    "openapi-fetch alone",
    await bundle(`export * from "openapi-fetch"; export { default } from "openapi-fetch";`, []),
  ],
  [
    "only validateAllowedOrigin (tree-shaken)",
    await bundle(`export { validateAllowedOrigin } from "${manifest.name}";`, []),
  ],
];

const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const headers = ["bundle (esbuild --minify, esm, neutral)", "minified", "gzip -9", "brotli q11"];
const cells = rows.map(([name, size]) => [
  name,
  `${size.minified} B`,
  `${size.gzip} B (${kB(size.gzip)})`,
  `${size.brotli} B`,
]);
const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
const line = (r) => `| ${r.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
console.log(
  [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n"),
);

const [own, full, openapiFetch, shaken] = rows.map(([, size]) => size);
const failures = [];
const added = full.gzip - openapiFetch.gzip;
console.log(`\nbytes; 1 kB = 1024 B.`);
console.log(
  `added on top of openapi-fetch: ${added} B gzip, of a ${BUDGET_GZIP_BYTES} B (12 kB) budget: ${added <= BUDGET_GZIP_BYTES ? "within" : "OVER"}; ` +
    `target ${TARGET_GZIP_BYTES} B (5 kB): ${added <= TARGET_GZIP_BYTES ? "met" : `not met, ${added - TARGET_GZIP_BYTES} B to go`}`,
);
if (added > BUDGET_GZIP_BYTES)
  failures.push(
    `the client adds ${added} B gzip on top of openapi-fetch, over the ${BUDGET_GZIP_BYTES} B budget`,
  );
const MESSAGE_LENGTH = 25;
const messages = own.gzip - gzipBytes(withoutLongStrings(own.text, MESSAGE_LENGTH));
console.log(
  `messages: emptying every string over ${MESSAGE_LENGTH} characters takes ${messages} B off the own code's gzip; ` +
    `without any messages the client would add about ${added - messages} B`,
);

// Breakdown: the client's src with its dependencies bundled (the types package from its src
// too, so its generated table can be stubbed), less the same with one part stubbed out.
const typesSrc = join(clientDir, "..", "types", "src", "index.ts");
const clientSrc = join(clientDir, "src");
/** An esbuild plugin: `@org/agent-engine-types` from src, and `stubs` (file suffix -> edit of its text). */
function fromSource(stubs) {
  return {
    name: "from-source",
    setup(plugin) {
      plugin.onResolve({ filter: /^@org\/agent-engine-types$/ }, () => ({ path: typesSrc }));
      plugin.onLoad({ filter: /\.ts$/ }, (args) => {
        const stub = Object.entries(stubs).find(([suffix]) => args.path.endsWith(suffix));
        if (stub) stubbed.add(stub[0]);
        const text = readFileSync(args.path, "utf8");
        return { contents: stub ? stub[1](text) : text, loader: "ts" };
      });
    },
  };
}
const stubbed = new Set();
const srcEntry = `export * from ${JSON.stringify(join(clientSrc, "index.ts"))};`;
const RESOURCE_PARTS = [
  [
    "resources table (client's table + generated operation table)",
    {
      "resources/table.ts": () => "export const RESOURCES = {};",
      "generated/operations.ts": (text) =>
        text.replace(
          /export const operationTable = \{[\s\S]*?\} as const satisfies/,
          "export const operationTable = {} as const satisfies",
        ),
    },
  ],
  [
    "pagination (next URL, execute cursor)",
    {
      "resources/pages.ts": () =>
        "export const pagesByNextUrl = () => {}, pagesByCursorParam = () => {}, itemsOf = () => {};",
    },
  ],
];
// Without the builder nothing reads the table or the pagination: this removes every resource.
const NO_RESOURCES = {
  "resources/build.ts": () => "export const buildResources = () => ({});",
};
const costOf = async (stubs) => fromSrc.gzip - (await bundle(srcEntry, [], [fromSource(stubs)])).gzip;
const fromSrc = await bundle(srcEntry, [], [fromSource({})]);
const resources = await costOf(NO_RESOURCES);
console.log(
  `\nbreakdown of the ${fromSrc.gzip} B gzip of the client's src with its dependencies (a part costs that less the bundle without it):`,
);
console.log(`- every resource: ${resources} B gzip, of which`);
let named = 0;
for (const [name, stubs] of RESOURCE_PARTS) {
  const cost = await costOf(stubs);
  named += cost;
  console.log(`  - ${name}: ${cost} B`);
}
console.log(`  - the methods builder (arguments, calls, answers): ${resources - named} B`);
console.log(
  `- the rest (transport, tokens, errors, options, convenience methods): ${fromSrc.gzip - openapiFetch.gzip - resources} B gzip`,
);
console.log(`- openapi-fetch: ${openapiFetch.gzip} B gzip`);
const stubs = [NO_RESOURCES, ...RESOURCE_PARTS.map(([, part]) => part)].flatMap(Object.keys);
for (const file of stubs.filter((suffix) => !stubbed.has(suffix)))
  failures.push(`the breakdown stubs ${file}, which the client no longer bundles`);
if (fromSrc.gzip - full.gzip > 512 || full.gzip - fromSrc.gzip > 512) {
  failures.push(
    `the breakdown's bundle of src (${fromSrc.gzip} B) is far from the published one (${full.gzip} B): its stubs no longer match the code`,
  );
}

const share = (shaken.minified / full.minified) * 100;
console.log(
  `tree-shaking: importing only validateAllowedOrigin gives ${shaken.minified} B minified, ${share.toFixed(1)}% of the full ${full.minified} B` +
    ` (sideEffects: ${JSON.stringify(manifest.sideEffects)})`,
);
// One small function should not drag the transport and the token machinery along: a
// module-level statement with side effects would (mark such statements /* @__PURE__ */).
const MAX_SHAKEN_SHARE = 25;
if (share > MAX_SHAKEN_SHARE) {
  failures.push(
    `importing only validateAllowedOrigin bundles ${share.toFixed(1)}% of everything (limit ${MAX_SHAKEN_SHARE}%): something at module level is not tree-shakable`,
  );
}
if (manifest.sideEffects !== false)
  failures.push(`package.json sideEffects is ${JSON.stringify(manifest.sideEffects)}, expected false`);
console.log(`runtime dependencies: ${DEPENDENCIES.join(", ") || "none"}`);

// No date or machine: the same code and dependencies give the same file, so that a check run
// on a clean clone leaves it as committed, and a change to the code shows in its diff.
const results = {
  schema: 1,
  bundles: rows.map(([bundle, size]) => ({
    bundle,
    minified: size.minified,
    gzip: size.gzip,
    brotli: size.brotli,
  })),
  addedGzip: added,
  budgetGzip: BUDGET_GZIP_BYTES,
  targetGzip: TARGET_GZIP_BYTES,
  messages: { longerThan: MESSAGE_LENGTH, gzip: messages },
  treeShaking: {
    function: "validateAllowedOrigin",
    minified: shaken.minified,
    ofMinified: full.minified,
    maxSharePercent: MAX_SHAKEN_SHARE,
  },
};
writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
console.log(`wrote ${RESULTS}`);

if (failures.length > 0) {
  console.error(`\nsize check failed:\n- ${failures.join("\n- ")}`);
  process.exit(1);
}

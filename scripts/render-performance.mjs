// Renders the figures of docs/performance.md from bench-results/latest.json (written by
// `pnpm bench`) and bench-results/size.json (written by `pnpm size`), so that no figure is
// copied by hand. The page's prose is written in the page itself; each
// figure sits between `<!-- rendered: NAME ... -->` and `<!-- /rendered: NAME -->` and is
// replaced on every render. The tables are bench/report.mjs's, as `pnpm bench` prints them.
//
//   node scripts/render-performance.mjs          rewrite the page from the JSON (after `pnpm bench`)
//   node scripts/render-performance.mjs --check  fail when the page differs from a render (pnpm check)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { correctnessTable, cpuTable, latencyTable, memoryTable } from "../bench/report.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
export const PAGE = join(repoRoot, "docs", "performance.md");
export const RESULTS = join(repoRoot, "bench-results", "latest.json");
export const SIZE_RESULTS = join(repoRoot, "bench-results", "size.json");

/** The bench run's results, with the size check's under `size`. */
export function readResults() {
  return {
    ...JSON.parse(readFileSync(RESULTS, "utf8")),
    size: JSON.parse(readFileSync(SIZE_RESULTS, "utf8")),
  };
}

const integer = (v) => Math.round(v).toLocaleString("en-US");
const ratio = (v) => `${v.toFixed(3)}x`;

/** Each rendered part of the page, by the name its markers carry. */
export const PARTS = {
  source: (r) =>
    `Figures of one \`${r.mode}\` run of \`pnpm bench\`, started ${r.date.replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC")}, ` +
    `on ${r.cpu.model} (${r.cpu.cores} cores) with Node ${r.node.replace(/^v/, "")}; ` +
    "they are in `bench-results/latest.json`.",
  plan: (r) => {
    const { processes = 1, rounds, calls, concurrency } = r.plan.latency;
    const where = processes === 1 ? "" : `, ${rounds} in each of ${processes} processes`;
    return `This run: ${processes * rounds} rounds${where}; each runs every variant for ${integer(calls)} sequential calls, then ${integer(calls)} calls ${concurrency} at a time.`;
  },
  latency: (r) => latencyTable(r.latency, r.plan.latency.concurrency),
  target: (r) =>
    `In this run \`client.GET\` took ${ratio(r.target.clientGetRatio)} the time of bare openapi-fetch; ` +
    `the target is at most ${ratio(r.target.maxRatioToOpenapiFetch)}: **${r.target.met ? "met" : "not met"} in this run**.`,
  cpu: (r) =>
    `${cpuTable(r.cpuOnly)}\n\nCPU only, \`client.GET\` took ${ratio(r.cpuOnlyTarget.clientGetRatio)} the time of ${r.cpuOnlyTarget.baseline}; ` +
    `the target is at most ${ratio(r.cpuOnlyTarget.maxRatio)}: **${r.cpuOnlyTarget.met ? "met" : "not met"} in this run** ` +
    `(medians of ${cpuRounds(r.plan.cpuOnly)} of ${integer(r.plan.cpuOnly.calls)} calls).`,
  correctness: (r) => correctnessTable(r),
  memory: (r) => memoryTable(r.memory),
  size: (r) => sizeReport(r.size),
};

function cpuRounds({ processes = 1, rounds }) {
  return processes === 1
    ? `${rounds} interleaved rounds`
    : `${processes * rounds} interleaved rounds, ${rounds} in each of ${processes} processes,`;
}

const bytes = (v) => `${integer(v)} B`;

function sizeReport(size) {
  const headers = ["bundle (esbuild --minify, esm, neutral)", "minified", "gzip -9", "brotli q11"];
  const rows = size.bundles.map((b) => [
    b.bundle,
    bytes(b.minified),
    `${bytes(b.gzip)} (${(b.gzip / 1024).toFixed(2)} kB)`,
    bytes(b.brotli),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (row) => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  const table = [
    line(headers),
    `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`,
    ...rows.map(line),
  ].join("\n");
  const { addedGzip, budgetGzip, targetGzip, messages, treeShaking } = size;
  const share = ((treeShaking.minified / treeShaking.ofMinified) * 100).toFixed(1);
  return (
    `${table}\n\n` +
    `The client adds **${bytes(addedGzip)}** gzip on top of openapi-fetch: ` +
    `${addedGzip <= budgetGzip ? "within" : "over"} the budget of ${bytes(budgetGzip)}, which \`pnpm check\` enforces; ` +
    `the target of at most ${bytes(targetGzip)} is ${addedGzip <= targetGzip ? "met" : `**not met** (${bytes(addedGzip - targetGzip)} over)`}. ` +
    `Emptying every string over ${messages.longerThan} characters takes ${bytes(messages.gzip)} off the client's own gzip. ` +
    `Importing only \`${treeShaking.function}\` bundles ${bytes(treeShaking.minified)} minified, ${share}% of the whole ` +
    `(the check fails above ${treeShaking.maxSharePercent}%).`
  );
}

const MARKED = /(<!-- rendered: ([a-z]+)[^>]*-->\n)([\s\S]*?)(<!-- \/rendered: \2 -->)/g;

/** The page with every marked part rendered from `results`; throws on an unknown or missing part. */
export function renderPerformancePage(page, results) {
  const seen = new Set();
  const rendered = page.replace(MARKED, (_whole, open, name, _old, close) => {
    const part = PARTS[name];
    if (!part)
      throw new Error(
        `docs/performance.md marks a part "${name}" that the renderer does not know (known: ${Object.keys(PARTS).join(", ")})`,
      );
    seen.add(name);
    return `${open}${part(results)}\n${close}`;
  });
  const missing = Object.keys(PARTS).filter((name) => !seen.has(name));
  if (missing.length > 0) throw new Error(`docs/performance.md has no markers for: ${missing.join(", ")}`);
  return rendered;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const page = readFileSync(PAGE, "utf8");
  let rendered;
  try {
    rendered = renderPerformancePage(page, readResults());
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
  if (process.argv.includes("--check")) {
    if (rendered !== page) {
      console.error(
        "docs/performance.md does not show the figures of bench-results/latest.json and size.json: run `pnpm docs:performance` and commit the page with the JSON.",
      );
      process.exit(1);
    }
    console.log("docs/performance.md shows the figures of bench-results/latest.json and size.json");
  } else {
    writeFileSync(PAGE, rendered);
    console.log(
      rendered === page
        ? "docs/performance.md was up to date"
        : "docs/performance.md rendered from bench-results/latest.json and size.json",
    );
  }
}

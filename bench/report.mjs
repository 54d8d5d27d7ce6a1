// Tables and deltas for the terminal (Markdown tables, so the README can quote them as printed).

const fixed = (digits) => (v) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");
const integer = (v) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a");
const mebibytes = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

export function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...rows.map(line)].join("\n");
}

export const LATENCY_HEADERS = [
  "variant",
  "calls/s",
  "p50 ms",
  "p99 ms",
  "x openapi-fetch",
  "overhead µs/call",
];

/** `ratios: false` leaves out the columns that compare variants (noise at `--short`'s sizes). */
export function latencyTable(latency, concurrency, { ratios = true } = {}) {
  const headers = [...LATENCY_HEADERS, `calls/s at ${concurrency} in flight`];
  const rows = latency.map((r) => [
    r.variant,
    integer(r.callsPerSecond),
    fixed(3)(r.p50Ms),
    fixed(3)(r.p99Ms),
    fixed(3)(r.ratioToOpenapiFetch),
    r.variant === "openapi-fetch" ? "0" : fixed(1)(r.overheadUsVsOpenapiFetch),
    integer(r.concurrentCallsPerSecond),
  ]);
  const kept = ratios ? headers.map((_, i) => i) : headers.map((_, i) => i).filter((i) => i !== 4 && i !== 5);
  return table(
    kept.map((i) => headers[i]),
    rows.map((row) => kept.map((i) => row[i])),
  );
}

export function cpuTable(cpu, { ratios = true } = {}) {
  const rows = cpu.map((r) => [r.variant, fixed(1)(r.microsecondsPerCall), fixed(3)(r.ratioToBaseline)]);
  const headers = ["variant", "µs/call", "x openapi-fetch + bearer middleware"];
  return ratios
    ? table(headers, rows)
    : table(
        headers.slice(0, 2),
        rows.map((row) => row.slice(0, 2)),
      );
}

export function correctnessTable(result) {
  const { coldStart: c, workspaces: w, shortLivedTokens: s } = result;
  const verdict = (ok) => (ok ? "ok" : "WRONG");
  return table(
    ["check", "measured", "expected", "result"],
    [
      [
        `cold start: ${c.calls} concurrent calls, new client`,
        `${c.exchanges} exchange(s) in ${integer(c.elapsedMs)} ms`,
        "1 exchange",
        verdict(c.ok),
      ],
      [
        `${w.workspaces} workspaces x ${w.callsPerWorkspace} concurrent scoped calls`,
        `${w.mints} mints (${w.distinctWorkspacesMinted} distinct), ${w.exchanges} exchange(s), ${integer(w.elapsedMs)} ms`,
        `${w.workspaces} mints, 1 exchange`,
        verdict(w.mints === w.workspaces && w.exchanges === 1),
      ],
      [
        "  second pass over the same workspaces",
        `${w.mintsOnSecondPass} mints`,
        "0 (all fit the default bound of 1000)",
        verdict(w.mintsOnSecondPass === 0),
      ],
      [
        `${fixed(1)(s.durationMs / 1000)} s of ${s.loops} call loops, ${s.lifetimeSeconds} s tokens (${integer(s.calls)} calls)`,
        `${s.expiredTokenRequests} requests with an expired token (server count)`,
        "0",
        verdict(s.expiredTokenRequests === 0 && s.rejected === 0),
      ],
      [
        "  token exchanges in that run",
        `${s.exchanges} exchanges, ${s.scopedMints} scoped mints; ${fixed(2)(s.lifetimesElapsed)} lifetimes elapsed`,
        `<= lifetimes + 1 = ${Math.floor(s.lifetimesElapsed) + 1} (refresh at 95%: <= ${Math.floor(s.refreshIntervalsElapsed) + 1})`,
        s.exchangesWithinLifetimesPlusOne
          ? "ok"
          : s.exchangesWithinRefreshIntervalsPlusOne
            ? "over (early refresh)"
            : "over",
      ],
    ],
  );
}

export function memoryTable(memory) {
  return table(
    ["workspaces requested", "scoped mints", "workspace clients alive", "heap used above baseline"],
    memory.checkpoints.map((m) => [
      integer(m.workspacesRequested),
      integer(m.mints),
      integer(m.liveWorkspaceClients),
      mebibytes(m.heapBytes),
    ]),
  );
}

const percentChange = (now, before) =>
  Number.isFinite(now) && Number.isFinite(before) && before !== 0
    ? ((now - before) / before) * 100
    : Number.NaN;
const signed = (v, unit = "%") => (Number.isFinite(v) ? `${v >= 0 ? "+" : ""}${v.toFixed(1)}${unit}` : "n/a");

export function deltaTable(result, previous) {
  const rows = result.latency.map((r) => {
    const before = previous.latency?.find((p) => p.variant === r.variant);
    return [
      r.variant,
      signed(percentChange(r.callsPerSecond, before?.callsPerSecond)),
      signed(percentChange(r.p50Ms, before?.p50Ms)),
      signed(percentChange(r.p99Ms, before?.p99Ms)),
      before ? `${fixed(3)(before.ratioToOpenapiFetch)} -> ${fixed(3)(r.ratioToOpenapiFetch)}` : "n/a",
    ];
  });
  const lastNow = result.memory.checkpoints.at(-1);
  const lastBefore = previous.memory?.checkpoints?.at(-1);
  rows.push([
    `heap at ${integer(lastNow.workspacesRequested)} workspaces`,
    "",
    "",
    "",
    lastBefore ? `${mebibytes(lastBefore.heapBytes)} -> ${mebibytes(lastNow.heapBytes)}` : "n/a",
  ]);
  return table([`since ${previous.date}`, "calls/s", "p50", "p99", "x openapi-fetch / value"], rows);
}

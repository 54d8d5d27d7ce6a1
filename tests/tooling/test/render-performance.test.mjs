import { describe, expect, it } from "vitest";
import { PARTS, readResults, renderPerformancePage } from "../../../scripts/render-performance.mjs";

const results = () => readResults();
const pageWith = (names, filler = "stale") =>
  names
    .map(
      (name) =>
        `Prose before ${name}.\n\n<!-- rendered: ${name} (note) -->\n${filler}\n<!-- /rendered: ${name} -->\n`,
    )
    .join("\n");

describe("renderPerformancePage", () => {
  it("replaces every marked part and keeps the prose around it", () => {
    const page = renderPerformancePage(pageWith(Object.keys(PARTS)), results());
    expect(page).not.toContain("stale");
    for (const name of Object.keys(PARTS)) expect(page).toContain(`Prose before ${name}.`);
    expect(renderPerformancePage(page, results())).toBe(page);
  });

  it("shows the machine and the date of the run, and its figures", () => {
    const run = results();
    run.date = "2030-01-02T03:04:05.678Z";
    run.cpu = { model: "Test CPU 9000", cores: 7 };
    run.node = "v99.1.2";
    run.latency.find((r) => r.variant === "client.GET").callsPerSecond = 12345.6;
    run.target = { maxRatioToOpenapiFetch: 1.05, clientGetRatio: 1.0123, met: true };
    const page = renderPerformancePage(pageWith(Object.keys(PARTS)), run);
    expect(page).toContain("started 2030-01-02 03:04 UTC, on Test CPU 9000 (7 cores) with Node 99.1.2");
    expect(page).toMatch(/\| client\.GET +\| 12,346 +\|/);
    expect(page).toContain(
      "took 1.012x the time of bare openapi-fetch; the target is at most 1.050x: **met in this run**",
    );
  });

  it("shows the size check's figures, and whether the target is met", () => {
    const run = results();
    run.size = { ...run.size, addedGzip: 6000, targetGzip: 5120, budgetGzip: 12288 };
    expect(renderPerformancePage(pageWith(Object.keys(PARTS)), run)).toContain(
      "The client adds **6,000 B** gzip on top of openapi-fetch: within the budget of 12,288 B, which `pnpm check` enforces; the target of at most 5,120 B is **not met** (880 B over).",
    );
    run.size.addedGzip = 5000;
    expect(renderPerformancePage(pageWith(Object.keys(PARTS)), run)).toContain(
      "the target of at most 5,120 B is met.",
    );
  });

  it("refuses a page that lacks a part or marks one it does not know", () => {
    const names = Object.keys(PARTS);
    expect(() => renderPerformancePage(pageWith(names.slice(1)), results())).toThrow(
      `no markers for: ${names[0]}`,
    );
    expect(() => renderPerformancePage(pageWith([...names, "speed"]), results())).toThrow(
      'marks a part "speed"',
    );
  });
});

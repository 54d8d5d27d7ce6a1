// The closing count of `pnpm test` cannot make a package whose suite did not run look like a pass.
import { expect, it } from "vitest";
import { closingLine, countTests, packageLines } from "../../../scripts/test-report.mjs";

const report = (passed: number, failed = 0, extra: Record<string, unknown> = {}) => ({
  numTotalTests: passed + failed,
  numPassedTests: passed,
  numFailedTests: failed,
  numPendingTests: 0,
  numTodoTests: 0,
  numFailedTestSuites: failed > 0 ? 1 : 0,
  success: failed === 0,
  ...extra,
});
const COUNT_LINE = /^Tests: (\d+) passed, (\d+) failed, (\d+) skipped/;

it("adds every package's tests and names none when all passed", () => {
  const count = countTests([
    { name: "@org/a", report: report(3) },
    { name: "@org/b", report: report(15, 0, { numTotalTests: 17, numPendingTests: 1, numTodoTests: 1 }) },
  ]);
  expect(count.totals).toEqual({ passed: 18, failed: 0, skipped: 2 });
  expect(count.problems).toEqual([]);
  expect(closingLine(count)).toBe("Tests: 18 passed, 0 failed, 2 skipped");
});

it("names a package whose report counts no test (vitest found no file, or its setup failed)", () => {
  const count = countTests([
    { name: "@org/a", report: report(18) },
    { name: "@org/contract", report: report(0, 0, { success: false }) },
  ]);
  expect(count.problems).toEqual([{ name: "@org/contract", problem: "ran no test" }]);
  const line = closingLine(count);
  expect(line).toMatch(COUNT_LINE);
  expect(line).toBe("Tests: 18 passed, 0 failed, 0 skipped; did not pass: @org/contract (ran no test)");
});

it("names a package that wrote no report, one whose test file failed to load, and one with failed tests", () => {
  const count = countTests([
    { name: "@org/gone", report: undefined },
    { name: "@org/broken-file", report: report(4, 0, { numFailedTestSuites: 1, success: false }) },
    { name: "@org/failing", report: report(4, 2) },
    { name: "@org/unhandled", report: report(4, 0, { success: false }) },
    { name: "@org/fine", report: report(1) },
  ]);
  expect(count.totals).toEqual({ passed: 13, failed: 2, skipped: 0 });
  expect(count.problems.map((p) => p.name)).toEqual([
    "@org/gone",
    "@org/broken-file",
    "@org/failing",
    "@org/unhandled",
  ]);
  expect(count.problems[0]!.problem).toMatch(/no test report/);
  expect(count.problems[1]!.problem).toBe(
    "1 suite(s) failed outside a test (a hook, or a file that did not load)",
  );
  expect(count.problems[2]!.problem).toBe("2 failed");
  const line = closingLine(count);
  expect(COUNT_LINE.exec(line)?.slice(1)).toEqual(["13", "2", "0"]);
  for (const name of ["@org/gone", "@org/broken-file", "@org/failing", "@org/unhandled"])
    expect(line).toContain(name);
  expect(line).not.toContain("@org/fine");
});

it("names a failure turbo saw when every report looked fine", () => {
  const count = countTests([{ name: "@org/a", report: report(2) }]);
  expect(closingLine(count, "turbo exited with 1")).toBe(
    "Tests: 2 passed, 0 failed, 0 skipped; did not pass: turbo exited with 1",
  );
});

it("gives the reader one line per package, failures marked", () => {
  const count = countTests([
    { name: "@org/a", report: report(2) },
    { name: "@org/longer-name", report: undefined },
  ]);
  expect(packageLines(count.rows)).toEqual([
    "  @org/a            2 passed",
    "  @org/longer-name  FAILED: no test report: its tests did not run or did not finish",
  ]);
});

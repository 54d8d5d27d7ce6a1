// The closing count of `pnpm test`: every test of every package that has a test task, from
// the JSON report its vitest writes, and the name of every package that did not pass. A
// package without a report, or whose report counts no test, did not run: it fails the count.

/**
 * @param {{ name: string, report: any }[]} packages each package with a test task and its parsed vitest JSON report (undefined when it wrote none)
 * @returns {{ totals: { passed: number, failed: number, skipped: number }, rows: { name: string, passed: number, failed: number, skipped: number, problem?: string }[], problems: { name: string, problem: string }[] }}
 */
export function countTests(packages) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const rows = [];
  for (const { name, report } of packages) {
    const row = { name, passed: 0, failed: 0, skipped: 0 };
    if (report) {
      row.passed = report.numPassedTests ?? 0;
      row.failed = report.numFailedTests ?? 0;
      row.skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    }
    row.problem = problemOf(report);
    totals.passed += row.passed;
    totals.failed += row.failed;
    totals.skipped += row.skipped;
    rows.push(row);
  }
  const problems = rows.filter((row) => row.problem).map(({ name, problem }) => ({ name, problem }));
  return { totals, rows, problems };
}

function problemOf(report) {
  if (!report) return "no test report: its tests did not run or did not finish";
  const total = report.numTotalTests ?? 0;
  if (total === 0) return "ran no test";
  const brokenSuites = report.numFailedTestSuites ?? 0;
  if (report.numFailedTests > 0) return `${report.numFailedTests} failed`;
  if (brokenSuites > 0)
    return `${brokenSuites} suite(s) failed outside a test (a hook, or a file that did not load)`;
  if (report.success === false) return "vitest reported errors outside the tests";
  if (report.numPassedTests + (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0) < total)
    return "not every test finished";
  return undefined;
}

/** The last line of the run; CI reads its `N passed, N failed`. Any package that did not pass is named on it. */
export function closingLine({ totals, problems }, otherFailure) {
  const count = `Tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`;
  const named = problems.map(({ name, problem }) => `${name} (${problem})`);
  if (otherFailure) named.push(otherFailure);
  return named.length === 0 ? count : `${count}; did not pass: ${named.join(", ")}`;
}

/** One line per package, for the reader, before the closing line. */
export function packageLines(rows) {
  const width = Math.max(0, ...rows.map((row) => row.name.length));
  return rows.map((row) => {
    const counts =
      `${row.passed} passed` +
      (row.failed ? `, ${row.failed} failed` : "") +
      (row.skipped ? `, ${row.skipped} skipped` : "");
    return `  ${row.name.padEnd(width)}  ${row.problem ? `FAILED: ${row.problem}` : counts}`;
  });
}

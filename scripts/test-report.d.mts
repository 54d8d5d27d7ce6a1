export interface PackageReport {
  name: string;
  // vitest's JSON report, as parsed.
  report: Record<string, any> | undefined;
}
export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}
export interface PackageRow extends Counts {
  name: string;
  problem?: string;
}
export interface TestCount {
  totals: Counts;
  rows: PackageRow[];
  problems: { name: string; problem: string }[];
}
export declare function countTests(packages: PackageReport[]): TestCount;
export declare function closingLine(
  count: Pick<TestCount, "totals" | "problems">,
  otherFailure?: string,
): string;
export declare function packageLines(rows: PackageRow[]): string[];

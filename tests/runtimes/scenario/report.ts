// What a run prints: one line the harness finds among anything else the runtime writes.
import type { RuntimeVersions } from "./versions.js";

export const REPORT_MARKER = "SCENARIO_REPORT ";

export interface StepResult {
  step: string;
  ok: boolean;
  /** What was seen: a value on success, the error's name and message on failure. */
  detail: string;
}

export interface ScenarioReport {
  versions: RuntimeVersions;
  steps: StepResult[];
}

export function reportLine(report: ScenarioReport): string {
  return `${REPORT_MARKER}${JSON.stringify(report)}`;
}

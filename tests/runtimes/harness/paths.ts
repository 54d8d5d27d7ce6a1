import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const repoRoot = resolve(packageDir, "../..");
export const scenarioDir = join(packageDir, "scenario");
export const driversDir = join(packageDir, "harness", "drivers");
/** The test run's output folder (git ignores it). */
export const resultsDir = join(packageDir, "test-results");
export const binDir = join(packageDir, "node_modules", ".bin");

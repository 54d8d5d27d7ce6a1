import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every package's own config is a project of one run, and one Prism mock serves them all.
    projects: ["{spec,bench}/vitest.config.*", "{packages,examples,tests}/*/vitest.config.*"],
    globalSetup: ["scripts/prism.ts"],
    // Two test files at a time: more on a shared 2-core machine break the suites' per-test bounds.
    maxWorkers: 2,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["../../scripts/vitest/prism-global-setup.ts"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.test.json" },
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 15_000,
  },
});

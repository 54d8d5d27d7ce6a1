import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The Prism mock first, then the packed packages installed into a fresh consumer project.
    globalSetup: ["../../scripts/vitest/prism-global-setup.ts", "./test/setup/consumer-project.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

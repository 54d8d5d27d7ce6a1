import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The packed packages installed into a fresh project, exactly as tests/consumer does it.
    globalSetup: ["../consumer/test/setup/consumer-project.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

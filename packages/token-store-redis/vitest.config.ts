import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Each file starts its own redis-server and fake API; the fleet tests start 8 processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    reporters: ["default", ["json", { outputFile: "test-results/vitest.json" }]],
    // Generous: these tests spawn node, turbo and Prism, each slow on a busy machine.
    testTimeout: 180_000,
  },
});

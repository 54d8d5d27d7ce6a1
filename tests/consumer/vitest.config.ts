import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // The packed packages installed into a fresh consumer project.
    globalSetup: ["./test/setup/consumer-project.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

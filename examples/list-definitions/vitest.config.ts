import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each test starts the example in a new node process (tsx compiles it first): seconds alone,
    // tens of seconds on a busy 2-core machine.
    testTimeout: 120_000,
  },
});

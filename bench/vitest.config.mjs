import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["*.test.mjs"],
    // A generous bound for the short bench (about 10 s alone) on a busy 2-core machine.
    testTimeout: 120_000,
  },
});

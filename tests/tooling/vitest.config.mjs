import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.mjs"],
    // git, tar and the spec bundler run as child processes on a shared 2-core machine.
    testTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Each file starts its own redis-server and fake API; the fleet tests start 8 processes.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});

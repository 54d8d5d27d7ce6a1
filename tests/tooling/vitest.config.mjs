import { defineConfig } from "vitest/config";

// git, tar and the spec bundler run as child processes on a shared 2-core machine.
export default defineConfig({ test: { testTimeout: 60_000 } });

import { defineConfig } from "vitest/config";

// A generous bound for the short bench (about 10 s alone) on a busy 2-core machine.
export default defineConfig({ test: { testTimeout: 120_000 } });

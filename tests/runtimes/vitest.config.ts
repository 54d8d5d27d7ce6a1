import { configDefaults, defineConfig } from "vitest/config";
import { CHROMIUM_INSTALL_HINT, findChromium } from "./harness/chromium.js";

const BROWSER_TEST = "test/browser.test.ts";
const chromium = findChromium();
// Said once, never a silent pass: the other tests still run and count.
if (!chromium) console.log(`${BROWSER_TEST} did not run: no Chromium found; ${CHROMIUM_INSTALL_HINT}`);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: chromium ? configDefaults.exclude : [...configDefaults.exclude, BROWSER_TEST],
    // The packed packages installed into a fresh project, exactly as tests/consumer does it.
    globalSetup: ["../consumer/test/setup/consumer-project.ts"],
    // At most two runtimes at a time (one per test file), on a 2-core machine shared with others.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});

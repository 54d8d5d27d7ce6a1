// node workerd.mjs <worker.mjs> <fake API base URL>: runs the Worker in workerd through
// miniflare, without nodejs_compat (so no Node globals), sends it one request and prints the
// answer. Ends itself before the harness would have to kill it, so workerd never outlives it.
import { readFile } from "node:fs/promises";
import { Miniflare } from "miniflare";

const [workerPath, baseUrl] = process.argv.slice(2);
const OWN_LIMIT_MS = 45_000;

const miniflare = new Miniflare({
  modules: true,
  script: await readFile(workerPath, "utf8"),
  compatibilityDate: "2026-04-01",
});
const giveUp = setTimeout(() => {
  console.error(`workerd driver: no answer within ${OWN_LIMIT_MS} ms`);
  miniflare.dispose().finally(() => process.exit(2));
}, OWN_LIMIT_MS);
try {
  const response = await miniflare.dispatchFetch(`http://worker.local/?${new URLSearchParams({ baseUrl })}`);
  console.log(await response.text());
  process.exitCode = response.ok ? 0 : 1;
} finally {
  clearTimeout(giveUp);
  await miniflare.dispose();
}

// turbo with its telemetry off (and so without its first-run telemetry banner), on every
// platform. `node scripts/turbo.mjs ARGS` is how the root package.json's scripts run it;
// scripts and tests spawn it through `turboCommand`. turbo's own launcher forwards signals.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const TURBO_LAUNCHER = createRequire(import.meta.url).resolve("turbo/bin/turbo");

/** The environment turbo runs in: this one, telemetry off. */
export function turboEnv(extra = {}) {
  return { ...process.env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1", ...extra };
}

/** [command, args] that run turbo with these arguments. */
export function turboCommand(args) {
  return [process.execPath, [TURBO_LAUNCHER, ...args]];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [command, args] = turboCommand(process.argv.slice(2));
  const turbo = spawn(command, args, { stdio: "inherit", env: turboEnv() });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => turbo.kill(signal));
  turbo.once("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// `pnpm test [turbo options]`: every package's tests through turbo, against one Prism mock
// started here for the whole run, then one line per package and the closing count.
//
// One shared mock, started before turbo and alone on the machine, instead of one per package
// started together: five Prisms starting at once beside the builds and other suites took
// longer than any fixed limit on a busy 2-core machine. Its URL reaches every package's vitest
// through AGENT_ENGINE_TEST_PRISM_URL (turbo passes it through without hashing it); it is
// stopped at the end, on failure and on SIGINT / SIGTERM / SIGHUP.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SHARED_PRISM_URL_ENV, startPrism } from "./prism.mjs";
import { closingLine, countTests, packageLines } from "./test-report.mjs";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..");
const turboCommand = (args) => [
  process.execPath,
  [createRequire(import.meta.url).resolve("turbo/bin/turbo"), ...args],
];
// `pnpm test -- --filter=X` hands the script a leading `--` (turbo would pass what follows to the tasks).
const turboArgs = process.argv.slice(process.argv[2] === "--" ? 3 : 2);

let prism;
let turbo;
let stopping = false;
for (const [signal, number] of [
  ["SIGINT", 2],
  ["SIGTERM", 15],
  ["SIGHUP", 1],
]) {
  process.on(signal, () => {
    if (stopping) process.exit(128 + number);
    stopping = true;
    console.error(`\n${signal}: stopping the tests${prism ? " and the mock" : ""}.`);
    if (turbo && turbo.exitCode === null) turbo.kill(signal);
    Promise.resolve(prism?.stop()).finally(() => process.exit(128 + number));
  });
}

const plan = planTestTasks();
for (const task of plan)
  rmSync(join(repoRoot, task.directory, "test-results"), { recursive: true, force: true });

let turboStatus;
try {
  if (plan.some((task) => task.willRun)) {
    prism = await startPrism({ errors: true, onSlowStart: (message) => console.log(message) });
    console.log(`Prism mock of spec/openapi.yaml for every package's tests on ${prism.url}`);
  }
  turboStatus = await runTurbo({ ...process.env, ...(prism && { [SHARED_PRISM_URL_ENV]: prism.url }) });
} finally {
  await prism?.stop();
}

const count = countTests(plan.map((task) => ({ name: task.package, report: readReport(task.directory) })));
const turboFailure =
  turboStatus !== 0 && count.problems.length === 0
    ? `turbo exited with ${turboStatus} (see its log above)`
    : undefined;
console.log(`\n${packageLines(count.rows).join("\n")}`);
console.log(`\n${closingLine(count, turboFailure)}`);
const ok =
  turboStatus === 0 && count.problems.length === 0 && count.totals.failed === 0 && count.totals.passed > 0;
process.exit(ok ? 0 : 1);

/** The test tasks this run includes (turbo's own dry run, so filters given to `pnpm test` count), and whether each would miss the cache. */
function planTestTasks() {
  const dry = spawnSync(...turboCommand(["run", "test", ...turboArgs, "--dry=json"]), {
    cwd: repoRoot,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (dry.status !== 0) {
    console.error(dry.stdout, dry.stderr);
    console.error(`\nTests: 0 passed, 0 failed, 0 skipped; did not pass: turbo could not plan the run`);
    process.exit(1);
  }
  const force = turboArgs.includes("--force");
  return JSON.parse(dry.stdout)
    .tasks.filter((task) => task.task === "test" && task.command !== "<NONEXISTENT>")
    .map((task) => ({
      package: task.package,
      directory: task.directory,
      willRun: force || task.cache?.status !== "HIT",
    }));
}

function runTurbo(env) {
  const given = (flag) => turboArgs.some((arg) => arg.startsWith(flag));
  const quiet = given("--output-logs") ? [] : ["--output-logs=errors-only"];
  // As many suites at once as there are cores: turbo's default (10) ran all eight together on
  // 2 cores, and each suite's fixed per-test bounds broke under the contention.
  const concurrency = given("--concurrency") ? [] : [`--concurrency=${Math.max(2, availableParallelism())}`];
  turbo = spawn(
    ...turboCommand([
      "run",
      "test",
      "--continue",
      "--log-order=grouped",
      ...quiet,
      ...concurrency,
      ...turboArgs,
    ]),
    {
      cwd: repoRoot,
      stdio: "inherit",
      env,
    },
  );
  return new Promise((resolveStatus) =>
    turbo.once("exit", (code, signal) => resolveStatus(code ?? (signal ? 1 : 0))),
  );
}

function readReport(directory) {
  const file = join(repoRoot, directory, "test-results", "vitest.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

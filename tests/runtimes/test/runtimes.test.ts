// The smoke scenario of the packed client in every runtime the README names, against the fake API.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  buildInstalledPackageCli,
  buildSelfContainedBundles,
  installScenario,
  selfContainedBundlesDir,
} from "../harness/bundles.js";
import { startFakeApi, type FakeApi } from "../harness/fake-api.js";
import { runScenarioIn, type RuntimeName, type ScenarioFiles } from "../harness/runtimes.js";
import { EXPECTED_STEPS, expectedVersions } from "./expected.js";

const RUNTIMES: RuntimeName[] = ["node", "bun", "deno", "workerd", "edge-runtime"];

let fakeApi: FakeApi;
let files: ScenarioFiles;

beforeAll(async () => {
  const consumerDir = inject("consumerDir");
  const installed = await installScenario(consumerDir, "intact");
  const [cliWithInstalledPackage, bundles] = await Promise.all([
    buildInstalledPackageCli(installed),
    buildSelfContainedBundles(installed, selfContainedBundlesDir(consumerDir, "intact")),
  ]);
  files = { cliWithInstalledPackage, ...bundles };
  fakeApi = await startFakeApi();
});

afterAll(async () => {
  await fakeApi?.close();
});

describe.each(RUNTIMES)("the scenario in %s", (runtime) => {
  it("runs there, on the pinned version, and passes every step", async () => {
    const { result, report } = await runScenarioIn(runtime, files, fakeApi.baseUrlFor(runtime));
    const output = `exit ${result.code ?? result.signal}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(report, output).toBeDefined();
    expect(report!.versions).toEqual(expectedVersions(runtime));
    expect(
      report!.steps.filter((step) => !step.ok),
      output,
    ).toEqual([]);
    expect(report!.steps.map((step) => step.step)).toEqual(EXPECTED_STEPS);
    expect(result.code, output).toBe(0);
  });
});

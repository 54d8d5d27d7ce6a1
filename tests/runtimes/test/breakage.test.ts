// Proof that the runs can fail: the same scenario with a client broken the way a careless
// change would break it (Node's Buffer, an unguarded timer.unref(); see harness/break-client.ts)
// fails in the runtimes without Node's globals. Deno is not among them: Deno 2.9 gives even a
// plain local file Node's `Buffer` and timers with `unref`, so there the broken client passes.
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildSelfContainedBundles, installScenario, selfContainedBundlesDir } from "../harness/bundles.js";
import type { ClientBreakage } from "../harness/break-client.js";
import { startFakeApi, type FakeApi } from "../harness/fake-api.js";
import { runScenarioIn, type RuntimeName } from "../harness/runtimes.js";

const CASES: { breakage: ClientBreakage; marker: string; failedStep: string; detail: RegExp }[] = [
  // atob replaced: decoding throws, the client falls back to the documented lifetime.
  {
    breakage: "buffer",
    marker: "__decodeWithBuffer",
    failedStep: "mint a scoped token",
    detail: /against the JWT's exp/,
  },
  {
    breakage: "unref",
    marker: "__unrefTimeout",
    failedStep: "list definitions with a name filter",
    detail: /unref is not a function/,
  },
];
const RUNTIMES_WITHOUT_NODE_GLOBALS: RuntimeName[] = ["workerd", "edge-runtime"];

let fakeApi: FakeApi;
let installed: string;
let consumerDir: string;

beforeAll(async () => {
  consumerDir = inject("consumerDir");
  installed = await installScenario(consumerDir, "broken");
  fakeApi = await startFakeApi();
});

afterAll(async () => {
  await fakeApi?.close();
});

describe.each(CASES)("a client broken with $breakage", ({ breakage, marker, failedStep, detail }) => {
  let bundles: Awaited<ReturnType<typeof buildSelfContainedBundles>>;

  beforeAll(async () => {
    bundles = await buildSelfContainedBundles(
      installed,
      selfContainedBundlesDir(consumerDir, `broken-${breakage}`),
      breakage,
    );
  });

  it("is really broken in the bundles", async () => {
    for (const file of [bundles.worker, bundles.edge]) expect(await readFile(file, "utf8")).toContain(marker);
  });

  it.each(RUNTIMES_WITHOUT_NODE_GLOBALS)("fails the scenario in %s", async (runtime) => {
    const { result, report } = await runScenarioIn(
      runtime,
      bundles,
      fakeApi.baseUrlFor(`${runtime}-${breakage}`),
    );
    const output = `exit ${result.code ?? result.signal}\nstdout:\n${result.stdout}\nstderr:\n${result.stderr}`;
    expect(report, output).toBeDefined();
    expect(
      report!.steps.find((step) => step.step === failedStep),
      output,
    ).toMatchObject({ ok: false, detail: expect.stringMatching(detail) });
    expect(result.code, output).not.toBe(0);
  });
});

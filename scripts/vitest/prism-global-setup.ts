// vitest globalSetup: the Prism mock the tests reach through `inject("prismUrl")`.
// Under `pnpm test` it is the one mock scripts/test.mjs started for every package (its URL in
// AGENT_ENGINE_TEST_PRISM_URL), and its owner stops it. A package's tests run alone
// (`pnpm --filter X test`) start their own, stopped in teardown whatever the tests did.
import type { TestProject } from "vitest/node";
import { SHARED_PRISM_URL_ENV, startPrism } from "../prism.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const shared = process.env[SHARED_PRISM_URL_ENV];
  if (shared) {
    project.provide("prismUrl", shared);
    return;
  }
  const prism = await startPrism({ errors: true, onSlowStart: (message) => console.error(message) });
  project.provide("prismUrl", prism.url);
  return async () => {
    await prism.stop();
  };
}

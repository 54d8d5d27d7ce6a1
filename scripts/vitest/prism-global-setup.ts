// vitest globalSetup: one Prism mock per test run, stopped in teardown whatever the tests did.
import type { TestProject } from "vitest/node";
import { startPrism } from "../prism.mjs";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const prism = await startPrism({ errors: true });
  project.provide("prismUrl", prism.url);
  return async () => {
    await prism.stop();
  };
}

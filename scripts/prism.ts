// Prism in this process, on a free 127.0.0.1 port: a mock of the spec, or (with `upstream`) a
// proxy that checks a server's answers against it. Requests and answers are validated, and an
// answer that breaks its own schema becomes a 500, as `prism mock --errors` does.
import { createLogger } from "@stoplight/prism-core";
import { getHttpOperationsFromSpec } from "@stoplight/prism-http";
import { createServer } from "@stoplight/prism-http-server";
import type {} from "vitest";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    prismUrl: string;
  }
}

export const SPEC_PATH = new URL("../spec/openapi.yaml", import.meta.url).pathname;

export async function startPrism({ spec = SPEC_PATH, upstream }: { spec?: string; upstream?: string } = {}) {
  const shared = {
    validateRequest: true,
    validateResponse: true,
    checkSecurity: true,
    errors: true,
    mock: { dynamic: false },
    upstreamProxy: undefined,
  };
  const server = createServer(await getHttpOperationsFromSpec(spec), {
    cors: false,
    config: upstream
      ? { ...shared, isProxy: true, upstream: new URL(upstream) }
      : { ...shared, isProxy: false },
    components: { logger: createLogger("prism", { level: "silent" }) },
  });
  const url = await server.listen(0, "127.0.0.1");
  return { url, stop: () => server.close() };
}

export type RunningPrism = Awaited<ReturnType<typeof startPrism>>;

/** vitest's globalSetup: one mock of the spec for every project, reached by `inject("prismUrl")`. */
export default async function setup(project: TestProject) {
  const prism = await startPrism();
  project.provide("prismUrl", prism.url);
  return prism.stop;
}

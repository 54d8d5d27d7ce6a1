// Under `pnpm test` every package's vitest uses the one mock scripts/test.mjs started, and
// starts no Prism of its own.
import { afterEach, expect, it } from "vitest";
import { SHARED_PRISM_URL_ENV } from "../../../scripts/prism.mjs";
import setup from "../../../scripts/vitest/prism-global-setup.js";

const before = process.env[SHARED_PRISM_URL_ENV];
afterEach(() => {
  if (before === undefined) delete process.env[SHARED_PRISM_URL_ENV];
  else process.env[SHARED_PRISM_URL_ENV] = before;
});

it("provides the shared mock's URL and leaves its stopping to the owner", async () => {
  process.env[SHARED_PRISM_URL_ENV] = "http://127.0.0.1:1";
  const provided: Record<string, unknown> = {};
  const project = { provide: (key: string, value: unknown) => (provided[key] = value) };
  const teardown = await setup(project as unknown as Parameters<typeof setup>[0]);
  expect(provided).toEqual({ prismUrl: "http://127.0.0.1:1" });
  expect(teardown).toBeUndefined();
});

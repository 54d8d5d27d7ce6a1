// The packed packages load and work from a consumer's ESM and CommonJS code, against the mock.
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { run } from "./helpers/run.js";

const consumerDir = inject("consumerDir");
const prismUrl = inject("prismUrl");
let expectedNames: string[];

beforeAll(async () => {
  // What the mock answers (its spec example), asked directly rather than written down here.
  const response = await fetch(`${prismUrl}/api/v1/integrations/definitions/sources?name=github`, {
    headers: { Authorization: "Bearer any-token-the-mock-accepts" },
  });
  const body = (await response.json()) as { definitions: { name: string }[] };
  expectedNames = body.definitions.map((definition) => definition.name);
  expect(expectedNames.length).toBeGreaterThan(0);
});

describe.each([
  { format: "ESM (import)", file: "esm.mjs", entry: "dist/index.js" },
  { format: "CommonJS (require)", file: "cjs.cjs", entry: "dist/index.cjs" },
])("the installed client from $format", ({ file, entry }) => {
  it(`loads ${entry} from the consumer's node_modules, lists definitions and throws typed errors`, async () => {
    const result = await run(process.execPath, [file], {
      cwd: consumerDir,
      env: { ...process.env, AGENT_ENGINE_BASE_URL: prismUrl },
      timeoutMs: 30_000,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      resolved: join(consumerDir, "node_modules", "@org", "agent-engine-client", entry),
      names: expectedNames,
      refusedWith: "InvalidArgumentError",
      typedError: true,
    });
  });
});

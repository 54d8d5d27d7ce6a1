// The harness itself: on a scratch copy of the spec with a broken example and a loosened
// request schema, the same requests the contract tests send come back wrong. If this test
// passes, a real drift of either kind fails the contract tests.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningPrism, SPEC_PATH, startPrism } from "../../scripts/prism.js";

let scratch: string;
let prism: RunningPrism;

function edit(file: string, from: string, to: string) {
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "spec-drift-"));
  cpSync(join(SPEC_PATH, ".."), scratch, {
    recursive: true,
    filter: (path) => !path.includes("node_modules"),
  });
  // An example that breaks its own schema, and a required field dropped from a request.
  edit(join(scratch, "paths/account-applications-token.yaml"), "expires_in: 900", 'expires_in: "900"');
  edit(
    join(scratch, "components/schemas/ScopedTokenRequest.yaml"),
    "required: [workspace_name]",
    "required: []",
  );
  prism = await startPrism({ spec: join(scratch, "openapi.yaml") });
}, 300_000);

afterAll(async () => {
  await prism?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe("the Prism harness on a drifted spec", () => {
  it("turns an example that breaks its schema into a 500", async () => {
    const response = await fetch(`${prism.url}/api/v1/account/applications/token`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client_id: "id", client_secret: "secret" }),
    });
    expect(response.status).toBe(500);
    await response.body?.cancel();
  });

  it("accepts what the real API refuses once a required field is dropped", async () => {
    const response = await fetch(`${prism.url}/api/v1/account/applications/scoped-token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: "Bearer t" },
      body: JSON.stringify({}),
    });
    expect(response.status).toBe(200);
    await response.body?.cancel();
  });
});

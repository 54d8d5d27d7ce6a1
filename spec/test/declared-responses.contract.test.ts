// Every response the spec declares is one Prism can serve from its example without breaking
// the schema (Prism runs with --errors, so a broken example would come back as a 500).
import { describe, expect, inject, it } from "vitest";
import { listOperations, loadBundledSpec } from "../../scripts/load-spec.mjs";

const document = await loadBundledSpec();
const cases = listOperations(document).flatMap(({ method, path, operation }) =>
  Object.keys(operation.responses).map((status) => ({ method, path, operation, status: Number(status) })),
);

const validBodies: Record<string, unknown> = {
  "/api/v1/account/applications/token": { client_id: "id", client_secret: "secret" },
  "/api/v1/embedded/scoped-token": { workspace_name: "w" },
  "/api/v1/embedded/widget-token": { workspace_name: "w", allowed_origin: "https://yourapp.com" },
};

describe("declared responses", () => {
  it("covers every operation of the spec with a valid request", () => {
    const needBodies = listOperations(document).filter((o) => o.operation.requestBody).map((o) => o.path);
    expect(needBodies.filter((path) => !(path in validBodies))).toEqual([]);
  });

  it.each(cases)("$method $path answers $status from its example", async ({ method, path, operation, status }) => {
    const body = validBodies[path];
    const response = await fetch(inject("prismUrl") + path, {
      method: method.toUpperCase(),
      headers: {
        Prefer: `code=${status}`,
        ...(operation.security?.length === 0 ? {} : { Authorization: "Bearer t" }),
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    expect(response.status).toBe(status);
    const parsed = await response.json();
    if (status >= 400) {
      expect("message" in parsed || "detail" in parsed).toBe(true);
    }
    if (status === 429) {
      expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(0);
    }
  });
});

// Every operation of the spec, table-driven from the spec's own examples: a valid request is
// accepted with the operation's success status, and each wrong request derived from it is
// refused. Prism runs with --errors, so an answer that breaks its schema fails here too.
import { describe, expect, inject, it } from "vitest";
import { loadBundledSpec } from "../../scripts/load-spec.mjs";
import { operationCases, send, validRequests, wrongRequests } from "./requests-from-spec.js";

const document = await loadBundledSpec();
const operations = operationCases(document);

const valid = operations.flatMap((operation) =>
  validRequests(document, operation).map(({ example, request }) => ({ ...operation, example, request })),
);
const wrong = operations.flatMap((operation) => wrongRequests(document, operation));

describe("every operation", () => {
  it("has a unique operationId", () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids.every((id) => typeof id === "string" && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("derives a refused request without a token for every secured operation, and a wrong body for every body", () => {
    const rulesOf = (id: string) => wrong.filter((w) => w.operationId === id).map((w) => w.rule);
    const secured = operations.filter((o) => (o.operation.security ?? document.security).length > 0);
    expect(secured.length).toBeGreaterThan(30);
    for (const { operationId } of secured)
      expect(rulesOf(operationId), operationId).toContain("without a bearer token");
    const withBody = operations.filter((o) => o.operation.requestBody);
    expect(withBody.length).toBeGreaterThan(15);
    for (const { operationId } of withBody) {
      expect(
        rulesOf(operationId).some((rule) => rule.endsWith("of the wrong type")),
        operationId,
      ).toBe(true);
    }
  });

  it.each(valid)("$operationId accepts its request example $example", async ({ request, successStatus }) => {
    const response = await send(inject("prismUrl"), request);
    expect(response.status, response.text).toBe(successStatus);
  });

  it.each(wrong)("$operationId refuses a request $rule", async ({ request, expectedStatus }) => {
    const response = await send(inject("prismUrl"), request);
    expect(response.status, response.text).toBe(expectedStatus);
  });
});

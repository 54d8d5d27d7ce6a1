// Every response the spec declares, with each of its named examples and media types, is one
// Prism can serve without breaking the schema (Prism runs with --errors, so a broken example
// comes back as a 500). Requests are built from the spec's own examples.
import { describe, expect, inject, it } from "vitest";
import { loadBundledSpec } from "../../scripts/load-spec.mjs";
import { examplesOf, operationCases, send, validRequests } from "./requests-from-spec.js";

const document = await loadBundledSpec();

const cases = operationCases(document).flatMap((operation) => {
  const { request } = validRequests(document, operation)[0]!;
  return Object.entries(operation.operation.responses as Record<string, any>).flatMap(
    ([status, response]) => {
      const contents = Object.entries((response.content ?? {}) as Record<string, any>);
      if (contents.length === 0) {
        return [
          {
            ...operation,
            request,
            status: Number(status),
            type: "(no body)",
            example: "",
            value: undefined as unknown,
          },
        ];
      }
      return contents.flatMap(([type, media]) =>
        examplesOf(media).map(({ name, value }) => ({
          ...operation,
          request,
          status: Number(status),
          type,
          example: name,
          value,
        })),
      );
    },
  );
});

describe("declared responses", () => {
  it.each(cases)(
    "$operationId answers $status $type from its example $example",
    async ({ request, status, type, example, value }) => {
      const prefer = [
        `code=${status}`,
        ...(example && example !== "example" ? [`example=${example}`] : []),
      ].join(", ");
      const response = await send(inject("prismUrl"), request, {
        Prefer: prefer,
        ...(type === "(no body)" ? {} : { Accept: type }),
      });
      expect(response.status, response.text).toBe(status);
      if (type === "(no body)") {
        expect(response.text).toBe("");
        return;
      }
      expect(response.headers.get("content-type") ?? "").toContain(type);
      if (type !== "application/json") return;
      const parsed = JSON.parse(response.text);
      expect(parsed).toEqual(value);
      if (status >= 400) expect("message" in parsed || "detail" in parsed).toBe(true);
      if (status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThanOrEqual(0);
    },
  );
});

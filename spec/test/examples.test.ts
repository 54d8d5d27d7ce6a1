// The spec documents every request body and every answer with at least one example, so the
// docs show them and the contract tests can build requests from them.
import { describe, expect, it } from "vitest";
import { listOperations, loadBundledSpec } from "../../scripts/load-spec.mjs";
import { examplesOf } from "./requests-from-spec.js";

type Media = Record<string, any>;
interface Content {
  where: string;
  media: Media;
}

const document = await loadBundledSpec();

const mediaOf = (where: string, content: Record<string, Media> | undefined): Content[] =>
  Object.entries(content ?? {}).map(([type, media]) => ({ where: `${where} ${type}`, media }));

const requestContents = listOperations(document).flatMap(({ method, path, operation }) =>
  mediaOf(`${method.toUpperCase()} ${path} request`, operation.requestBody?.content),
);
const responseContents = listOperations(document).flatMap(({ method, path, operation }) =>
  Object.entries(operation.responses as Record<string, Media>).flatMap(([status, response]) =>
    mediaOf(`${method.toUpperCase()} ${path} ${status}`, response.content),
  ),
);
const withoutExample = (contents: Content[]) =>
  contents.filter(({ media }) => examplesOf(media).length === 0).map(({ where }) => where);

describe("examples", () => {
  it("exist for every request body", () => {
    expect(requestContents.length).toBeGreaterThan(0);
    expect(withoutExample(requestContents)).toEqual([]);
  });

  it("exist for every response with a body, per status and media type", () => {
    expect(responseContents.length).toBeGreaterThan(0);
    expect(withoutExample(responseContents)).toEqual([]);
  });

  it("are not found where a media type has none", () => {
    expect(examplesOf({ schema: { type: "object" } })).toEqual([]);
    expect(examplesOf({ example: { a: 1 } })).toEqual([{ name: "example", value: { a: 1 } }]);
    expect(examplesOf({ examples: { one: { value: 1 } } })).toEqual([{ name: "one", value: 1 }]);
  });
});

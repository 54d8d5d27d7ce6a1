import { describe, expect, it } from "vitest";
import { classifySpecChanges } from "../../../scripts/spec-diff/classify.mjs";
import { smallSpec, widgetBody, withAnswer } from "./spec-fixture.mjs";

const breaking = (changes) => changes.filter((c) => c.type === "breaking");

describe("classifySpecChanges", () => {
  it("calls removing an operation breaking, and names it", () => {
    const after = smallSpec();
    delete after.paths["/widgets/count"];
    const changes = breaking(classifySpecChanges(smallSpec(), after));
    expect(changes).toHaveLength(1);
    expect(changes[0].where).toBe("GET /widgets/count");
    expect(changes[0].action).toBe("remove");
  });

  it("calls making an optional request field required breaking", () => {
    const after = smallSpec();
    widgetBody(after).required.push("colour");
    const changes = breaking(classifySpecChanges(smallSpec(), after));
    expect(changes.map((c) => c.where)).toEqual(["POST /widgets"]);
    expect(changes[0].description).toContain("colour");
  });

  it("calls adding an optional request field non-breaking", () => {
    const after = smallSpec();
    widgetBody(after).properties.size = { type: "integer" };
    const changes = classifySpecChanges(smallSpec(), after);
    expect(changes.map((c) => [c.type, c.where])).toEqual([["non-breaking", "POST /widgets"]]);
  });

  it("calls renaming an operationId breaking: the client's resources and `operations` are keyed by it", () => {
    const after = smallSpec();
    after.paths["/widgets/count"].get.operationId = "countAllWidgets";
    expect(breaking(classifySpecChanges(smallSpec(), after)).map((c) => c.names)).toEqual([
      ["/widgets/count", "countWidgets"],
    ]);
  });

  it("calls renaming a path parameter breaking: typed calls name it", () => {
    const before = withAnswer({ type: "string" });
    const after = withAnswer({ type: "string" });
    after.paths["/widgets/{widget_id}"] = after.paths["/widgets/{id}"];
    delete after.paths["/widgets/{id}"];
    after.paths["/widgets/{widget_id}"].get.parameters[0].name = "widget_id";
    expect(breaking(classifySpecChanges(before, after)).length).toBeGreaterThan(0);
  });

  it("calls narrowing an answer's field from nullable to non-null non-breaking: consumer code still compiles", () => {
    const changes = classifySpecChanges(
      withAnswer({ type: ["string", "null"] }),
      withAnswer({ type: "string" }),
    );
    expect(changes.length).toBeGreaterThan(0);
    expect(breaking(changes)).toEqual([]);
  });

  it("still calls widening an answer's field to nullable, or narrowing a request's, breaking", () => {
    expect(
      breaking(classifySpecChanges(withAnswer({ type: "string" }), withAnswer({ type: ["string", "null"] }))),
    ).not.toEqual([]);
    const nullableRequest = smallSpec();
    widgetBody(nullableRequest).properties.colour = { type: ["string", "null"] };
    expect(breaking(classifySpecChanges(nullableRequest, smallSpec()))).not.toEqual([]);
  });

  it("finds nothing between equal documents", () => {
    expect(classifySpecChanges(smallSpec(), smallSpec())).toEqual([]);
  });
});

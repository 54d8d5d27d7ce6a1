import { describe, expect, it } from "vitest";
import { classifySpecChanges } from "../../../scripts/spec-diff/classify.mjs";
import { smallSpec, widgetBody } from "./spec-fixture.mjs";

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

  it("finds nothing between equal documents", () => {
    expect(classifySpecChanges(smallSpec(), smallSpec())).toEqual([]);
  });
});

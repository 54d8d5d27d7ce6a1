import { describe, expect, it } from "vitest";
import { unauthenticatedOperations } from "../src/index.js";

describe("unauthenticatedOperations", () => {
  it("lists exactly the operations the spec marks security: [] (only the token exchange today)", () => {
    expect(unauthenticatedOperations).toEqual(["POST /api/v1/account/applications/token"]);
  });
});

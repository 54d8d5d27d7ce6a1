import { describe, expectTypeOf, it } from "vitest";
import type {
  ApiPath,
  ApplicationTokenResponse,
  ErrorBody,
  SourceDefinition,
  WidgetTokenRequest,
  operations,
  paths,
} from "../src/index.js";

describe("generated types", () => {
  it("types the token lifetime as a number", () => {
    expectTypeOf<ApplicationTokenResponse["expires_in"]>().toEqualTypeOf<number>();
    expectTypeOf<ApplicationTokenResponse["organization_id"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("types a definition's name as a required string", () => {
    expectTypeOf<SourceDefinition["name"]>().toEqualTypeOf<string>();
    expectTypeOf<SourceDefinition>().toHaveProperty("supportLevel");
  });

  it("keeps operations and paths linked", () => {
    type ListResponse =
      operations["listSourceDefinitions"]["responses"][200]["content"]["application/json"];
    expectTypeOf<ListResponse["definitions"]>().toEqualTypeOf<SourceDefinition[]>();
    expectTypeOf<paths["/api/v1/integrations/definitions/sources"]["get"]>().toEqualTypeOf<
      operations["listSourceDefinitions"]
    >();
  });

  it("limits tag modes to any and all", () => {
    expectTypeOf<NonNullable<WidgetTokenRequest["selected_source_template_tags_mode"]>>().toEqualTypeOf<
      "any" | "all"
    >();
  });

  it("reads both error body shapes", () => {
    expectTypeOf<{ message: null; errors: [] }>().toExtend<ErrorBody>();
    expectTypeOf<{ detail: "Invalid authentication credentials" }>().toExtend<ErrorBody>();
  });

  it("rejects unknown paths", () => {
    expectTypeOf<"/api/v1/integrations/definitions/sources">().toExtend<ApiPath>();
    expectTypeOf<"/api/v1/nope">().not.toExtend<ApiPath>();
    // @ts-expect-error an unknown path is not a key of paths
    type Unknown = paths["/api/v1/nope"];
    expectTypeOf<Unknown>().toBeAny();
  });
});

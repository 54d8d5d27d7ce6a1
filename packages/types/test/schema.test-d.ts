import { describe, expectTypeOf, it } from "vitest";
import type {
  ApiPath,
  ApplicationTokenResponse,
  ErrorBody,
  ExecuteResponse,
  ScopedTokenInfo,
  ScopedTokenRequest,
  WorkspaceList,
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
    type ListResponse = operations["listSourceDefinitions"]["responses"][200]["content"]["application/json"];
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

  it("reads the workspace name of token info under each of its names", () => {
    expectTypeOf<ScopedTokenInfo["customer_name"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ScopedTokenInfo["external_user_id"]>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ScopedTokenInfo["workspace_name"]>().toEqualTypeOf<string | undefined>();
  });

  it("requires workspace_name on the current token bodies and keeps the old names optional", () => {
    expectTypeOf<ScopedTokenRequest["workspace_name"]>().toEqualTypeOf<string>();
    expectTypeOf<{ workspace_name: string; customer_name?: string }>().toExtend<ScopedTokenRequest>();
    expectTypeOf<{ customer_name: string }>().not.toExtend<ScopedTokenRequest>();
  });

  it("types the current token operations on their current paths", () => {
    expectTypeOf<paths["/api/v1/account/applications/scoped-token"]["post"]>().toEqualTypeOf<
      operations["createScopedToken"]
    >();
    expectTypeOf<paths["/api/v1/embedded/scoped-token"]["post"]>().toEqualTypeOf<
      operations["createEmbeddedScopedToken"]
    >();
  });

  it("types the pagination fields of workspaces and execute", () => {
    expectTypeOf<WorkspaceList["next"]>().toEqualTypeOf<string | null | undefined>();
    type Metadata = Extract<ExecuteResponse["connector_metadata"], { has_next_page?: boolean }>;
    expectTypeOf<Metadata["end_cursor"]>().toEqualTypeOf<string | null | undefined>();
  });

  it("rejects unknown paths", () => {
    expectTypeOf<"/api/v1/integrations/definitions/sources">().toExtend<ApiPath>();
    expectTypeOf<"/api/v1/nope">().not.toExtend<ApiPath>();
    // @ts-expect-error an unknown path is not a key of paths
    type Unknown = paths["/api/v1/nope"];
    expectTypeOf<Unknown>().toBeAny();
  });
});

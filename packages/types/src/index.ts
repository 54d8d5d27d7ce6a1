export type { paths, components, operations, webhooks, $defs } from "./generated/schema.js";
import type { components, paths } from "./generated/schema.js";
export { unauthenticatedOperations } from "./generated/operations.js";

type Schemas = components["schemas"];

export type ApplicationTokenRequest = Schemas["ApplicationTokenRequest"];
export type ApplicationTokenResponse = Schemas["ApplicationTokenResponse"];
export type ScopedTokenRequest = Schemas["ScopedTokenRequest"];
export type WidgetTokenRequest = Schemas["WidgetTokenRequest"];
export type TokenResponse = Schemas["TokenResponse"];
export type ScopedTokenInfo = Schemas["ScopedTokenInfo"];
export type TemplateTagsMode = Schemas["TemplateTagsMode"];
export type SourceDefinition = Schemas["SourceDefinition"];
export type SourceDefinitionList = Schemas["SourceDefinitionList"];
export type SupportLevel = Schemas["SupportLevel"];
export type ErrorBody = Schemas["ErrorBody"];
export type MessageErrorBody = Schemas["MessageErrorBody"];
export type DetailErrorBody = Schemas["DetailErrorBody"];
export type FieldError = Schemas["FieldError"];
export type DetailValidationIssue = Schemas["DetailValidationIssue"];

/** Every path of the API, for code that is generic over paths. */
export type ApiPath = keyof paths;
export { API_PATHS } from "./api-paths.js";

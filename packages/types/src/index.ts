export type { paths, components, operations, webhooks, $defs } from "./generated/schema.js";
import type { components, paths } from "./generated/schema.js";
export { unauthenticatedOperations, operationTable, type OperationEntry } from "./generated/operations.js";
import type { operationTable } from "./generated/operations.js";

/** The operationId of every operation of the spec. */
export type OperationId = keyof typeof operationTable;

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

// Current token paths' bodies carry the deprecated aliases; the `/api/v1/embedded/*` ones do not.
export type EmbeddedScopedTokenRequest = Schemas["EmbeddedScopedTokenRequest"];
export type EmbeddedWidgetTokenRequest = Schemas["EmbeddedWidgetTokenRequest"];

export type Connector = Schemas["Connector"];
export type ConnectorSummary = Schemas["ConnectorSummary"];
export type ConnectorList = Schemas["ConnectorList"];
export type ConnectorCreateRequest = Schemas["ConnectorCreateRequest"];
export type ConnectorUpdateRequest = Schemas["ConnectorUpdateRequest"];
export type ConnectorCheckResult = Schemas["ConnectorCheckResult"];
/** The check statuses the spec knows; a check's `status` may also be a string not listed here. */
export type CheckStatus = Schemas["CheckStatus"];
export type EntityCheckResult = Schemas["EntityCheckResult"];
export type RequestedEntity = Schemas["RequestedEntity"];
export type ConnectorDeletionAccepted = Schemas["ConnectorDeletionAccepted"];
export type ConnectorInspection = Schemas["ConnectorInspection"];
export type ExecuteRequest = Schemas["ExecuteRequest"];
export type ExecuteResponse = Schemas["ExecuteResponse"];
export type ExecutePageInfo = Schemas["ExecutePageInfo"];
export type DeletedResource = Schemas["DeletedResource"];

export type Workspace = Schemas["Workspace"];
export type WorkspaceList = Schemas["WorkspaceList"];
export type WorkspaceStatus = Schemas["WorkspaceStatus"];
export type WorkspaceStats = Schemas["WorkspaceStats"];
export type WorkspaceUpdateRequest = Schemas["WorkspaceUpdateRequest"];
export type WorkspaceVisibility = Schemas["WorkspaceVisibility"];

export type ConnectorDefinition = Schemas["ConnectorDefinition"];
export type SourceDefinitionDetail = Schemas["SourceDefinitionDetail"];
export type DestinationDefinitionSummary = Schemas["DestinationDefinitionSummary"];
export type DestinationDefinitionList = Schemas["DestinationDefinitionList"];
export type DestinationDefinitionDetail = Schemas["DestinationDefinitionDetail"];

export type SourceTemplate = Schemas["SourceTemplate"];
export type SourceTemplateSummary = Schemas["SourceTemplateSummary"];
export type SourceTemplateList = Schemas["SourceTemplateList"];
export type SourceTemplateCreateRequest = Schemas["SourceTemplateCreateRequest"];
export type SourceTemplateCloneRequest = Schemas["SourceTemplateCloneRequest"];
export type SourceTemplateUpdateRequest = Schemas["SourceTemplateUpdateRequest"];
export type RuntimeMode = Schemas["RuntimeMode"];
export type ConnectionTemplate = Schemas["ConnectionTemplate"];
export type ConnectionTemplateList = Schemas["ConnectionTemplateList"];
export type ConnectionTemplateCreateRequest = Schemas["ConnectionTemplateCreateRequest"];
export type ConnectionTemplateUpdateRequest = Schemas["ConnectionTemplateUpdateRequest"];
export type CronDescription = Schemas["CronDescription"];

export type Skill = Schemas["Skill"];
export type SkillList = Schemas["SkillList"];
export type SkillDocs = Schemas["SkillDocs"];

export type OAuthCredentials = Schemas["OAuthCredentials"];
export type OAuthCredentialsRequest = Schemas["OAuthCredentialsRequest"];

/** Every path of the API, for code that is generic over paths. */
export type ApiPath = keyof paths;
export { API_PATHS } from "./api-paths.js";

export {
  createAgentEngineClient,
  type AgentEngineClient,
  type ScopedToken,
  type WorkspaceClient,
} from "./client.js";
// One interface per resource group (`ConnectorsResource`...), generated from the spec and the table.
export * from "./generated/resources.js";
export type { PageIterable } from "./resources/pages.js";
export type { WorkspaceTokenInfo } from "./resources/token-info.js";
export type {
  OperationAnswer,
  OperationArgs,
  OperationMethod,
  Resources,
  TokenScheme,
} from "./resources/types.js";
export { DEFAULT_BASE_URL, type AgentEngineClientOptions } from "./options.js";
export {
  AgentEngineError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestAbortedError,
  RequestTimeoutError,
  RequestValidationError,
  ServerError,
  type ApiErrorDetails,
  type FieldProblem,
  type RequestSummary,
} from "./errors.js";
export type { AgentEngineApi } from "./http.js";
export type { TokenProvider } from "./auth/token-source.js";
export { createApplicationTokenProvider, type ClientCredentials } from "./auth/application-token.js";
export { createScopedTokenProvider, mintScopedToken, type WorkspaceTarget } from "./auth/scoped-token.js";
export type { IssuedToken } from "./auth/lifetime.js";
export type { SharedTokenStore, StoredToken, TokenStore } from "./auth/token-store.js";
export type { TokenRequestOptions } from "./auth/token-request.js";
export { mintWidgetToken, type WidgetToken, type WidgetTokenOptions } from "./auth/widget-token.js";
export { validateAllowedOrigin } from "./auth/origin.js";
export { createTransport, type FetchLike, type TransportOptions } from "./transport/fetch.js";
export type { RetryOptions } from "./transport/retry-policy.js";
export type { CallOptions, RequestOverrides } from "./transport/overrides.js";
export type { paths, components, operations, SourceDefinition } from "@org/agent-engine-types";

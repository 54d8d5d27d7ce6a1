export {
  createAgentEngineClient,
  type AgentEngineClient,
  type ScopedToken,
  type WorkspaceClient,
  type WorkspaceTokenInfo,
} from "./client.js";
// One interface per resource group (`ConnectorsResource`...), generated from the spec and the table.
export * from "./generated/resources.js";
export type { PageIterable } from "./resources/pages.js";
export type {
  OperationAnswer,
  OperationArgs,
  OperationMethod,
  Resources,
  TokenScheme,
} from "./resources/types.js";
export {
  DEFAULT_BASE_URL,
  type AgentEngineClientOptions,
  type CallOptions,
  type FetchLike,
  type RetryOptions,
  type SharedTokenStore,
  type StoredToken,
  type TokenStore,
} from "./options.js";
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
export type { IssuedToken, TokenProvider } from "./auth/tokens.js";
export {
  createApplicationTokenProvider,
  createScopedTokenProvider,
  mintScopedToken,
  mintWidgetToken,
  type ClientCredentials,
  type TokenRequestOptions,
  type WidgetToken,
  type WidgetTokenOptions,
  type WorkspaceTarget,
} from "./auth/exchange.js";
export { validateAllowedOrigin } from "./auth/origin.js";
export { createTransport, type TransportOptions } from "./transport/transport.js";
export type { paths, components, operations, SourceDefinition } from "@org/agent-engine-types";

// What the browser hears when minting fails. The client's typed errors say whose problem it
// is; the browser only learns what it can act on, and the details go to this server's log.
import {
  AuthenticationError,
  ConnectionError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
} from "@org/agent-engine-client";

export interface HttpAnswer {
  status: number;
  message: string;
  headers: Record<string, string>;
}

export function httpAnswerFor(error: unknown): HttpAnswer {
  if (error instanceof RateLimitError) {
    const headers: Record<string, string> =
      error.retryAfterMs === undefined ? {} : { "Retry-After": String(Math.ceil(error.retryAfterMs / 1000)) };
    return { status: 503, message: "too many token requests, try again later", headers };
  }
  if (error instanceof RequestTimeoutError) return answer(504, "the token service did not answer in time");
  if (error instanceof ConnectionError) return answer(502, "the token service is unreachable");
  if (error instanceof ServerError) return answer(502, "the token service failed");
  // This server's own credentials were refused: nothing the user can fix.
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) {
    return answer(502, "the token service refused this server");
  }
  if (error instanceof NotFoundError) return answer(404, "your workspace was not found");
  // InvalidArgumentError, RequestValidationError, InvalidResponseError, anything else: a bug here.
  return answer(500, "could not mint a widget token");
}

function answer(status: number, message: string): HttpAnswer {
  return { status, message, headers: {} };
}

import {
  AuthenticationError,
  ConnectionError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitError,
  RequestTimeoutError,
  ServerError,
  type ApiErrorDetails,
} from "@org/agent-engine-client";
import { expect, it } from "vitest";
import { httpAnswerFor } from "../src/errors-to-http.js";

function details(status: number, headers: Record<string, string> = {}): ApiErrorDetails {
  return {
    status,
    body: { message: "from the API" },
    headers: new Headers(headers),
    request: { method: "POST", url: "https://api.example/x" },
  };
}

it.each([
  {
    error: new RateLimitError(details(429, { "Retry-After": "7" })),
    status: 503,
    headers: { "Retry-After": "7" },
  },
  { error: new RateLimitError(details(429)), status: 503, headers: {} },
  { error: new RequestTimeoutError("took too long"), status: 504, headers: {} },
  { error: new ConnectionError("refused"), status: 502, headers: {} },
  { error: new ServerError(details(503)), status: 502, headers: {} },
  { error: new AuthenticationError(details(401)), status: 502, headers: {} },
  { error: new NotFoundError(details(404)), status: 404, headers: {} },
  {
    error: new InvalidArgumentError("workspaceName", "it must be a non-empty string", '""'),
    status: 500,
    headers: {},
  },
  { error: new TypeError("a bug"), status: 500, headers: {} },
])("$error.name answers $status", ({ error, status, headers }) => {
  const answer = httpAnswerFor(error);
  expect(answer.status).toBe(status);
  expect(answer.headers).toEqual(headers);
  expect(answer.message).not.toContain("from the API");
});

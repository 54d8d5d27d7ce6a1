import type { Client } from "openapi-fetch";
import type { paths } from "@org/agent-engine-types";
import { apiErrorFor, InvalidResponseError, type RequestSummary } from "./errors.js";

export type AgentEngineApi = Client<paths>;

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves with the data of a successful call; throws the typed error of any other outcome. */
export async function expectData<T>(call: Promise<FetchResult<T>>, request: RequestSummary): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new InvalidResponseError(`${request.method} ${request.url} answered with a body that is not JSON`, {
        cause: error,
      });
    }
    throw error;
  }
  const { data, error, response } = result;
  if (!response.ok) {
    throw apiErrorFor({ status: response.status, body: error, headers: response.headers, request });
  }
  if (data === undefined) {
    throw new InvalidResponseError(`${request.method} ${request.url} answered ${response.status} with no body`);
  }
  return data;
}

export function summarize(method: string, baseUrl: string, path: string): RequestSummary {
  return { method, url: baseUrl + path };
}

/** A token field of a successful answer, which the spec requires to be a non-empty string. */
export function requireToken(value: unknown, request: RequestSummary): string {
  if (typeof value !== "string" || value === "") {
    throw new InvalidResponseError(`${request.method} ${request.url} answered without a token`);
  }
  return value;
}

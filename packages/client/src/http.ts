import type { Client } from "openapi-fetch";
import type { paths } from "@org/agent-engine-types";
import { notRetriedNote, wasNotRetried } from "./transport/fetch.js";
import { apiErrorFor, ConnectionError, InvalidResponseError, type RequestSummary } from "./errors.js";

export type AgentEngineApi = Client<paths>;

export interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Resolves with the result of a successful call; throws the typed error of any other outcome. */
export async function expectOk<T>(
  call: Promise<FetchResult<T>>,
  request: RequestSummary,
): Promise<FetchResult<T>> {
  let result: FetchResult<T>;
  try {
    result = await call;
  } catch (error) {
    if (error instanceof SyntaxError) {
      throw new InvalidResponseError(
        `${request.method} ${request.url} answered with a body that is not JSON`,
        { cause: error },
      );
    }
    // The platform reports a connection lost while the body was read as a TypeError.
    if (error instanceof TypeError) {
      throw new ConnectionError(
        `${request.method} ${request.url} lost its connection while reading the answer: ${error.message}`,
        { cause: error },
      );
    }
    throw error;
  }
  if (!result.response.ok) {
    throw apiErrorFor({
      status: result.response.status,
      body: result.error,
      headers: result.response.headers,
      request,
      note: wasNotRetried(result.response) ? notRetriedNote(request.method) : undefined,
    });
  }
  return result;
}

/** Resolves with the data of a successful call; throws the typed error of any other outcome. */
export async function expectData<T>(call: Promise<FetchResult<T>>, request: RequestSummary): Promise<T> {
  const { data, response } = await expectOk(call, request);
  // Every answer these methods read is a JSON object; `null` or a bare value breaks the spec.
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    throw new InvalidResponseError(
      `${request.method} ${request.url} answered ${response.status} without a JSON object`,
    );
  }
  return data;
}

export function summarizeRequest(method: string, baseUrl: string, path: string): RequestSummary {
  return { method, url: baseUrl + path };
}

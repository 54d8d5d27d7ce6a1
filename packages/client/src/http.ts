import type { paths } from "@org/agent-engine-types";
import openapiFetch, { type Client } from "openapi-fetch";
import { apiErrorFor, ConnectionError, InvalidResponseError, type RequestSummary } from "./errors.js";

export type AgentEngineApi = Client<paths>;

/**
 * openapi-fetch's `createClient`, whichever build loads this file. Our CommonJS build
 * imports openapi-fetch's CommonJS file with Node's interop (this package is
 * `"type": "module"`), which hands over the whole module object, whose `default` is
 * createClient. Only running the built CommonJS file shows it; tests/consumer does.
 */
export const createClient: typeof openapiFetch = /* @__PURE__ */ unwrapDefault(openapiFetch);

function unwrapDefault(imported: typeof openapiFetch): typeof openapiFetch {
  return typeof imported === "function"
    ? imported
    : (imported as unknown as { default: typeof openapiFetch }).default;
}

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

/**
 * Settles with `work`, or rejects with the signal's reason as soon as `signal` fires, even
 * when whatever produced `work` ignores signals. Work left behind is still watched: its
 * failure is swallowed (never an unhandled rejection) and its late result goes to `release`.
 */
export function settleOrAbandon<T>(
  work: Promise<T>,
  signal: AbortSignal,
  release: (late: T) => void,
): Promise<T> {
  const abandon = () => {
    work.then(release, ignore);
  };
  if (signal.aborted) {
    abandon();
    return Promise.reject(signal.reason);
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => {
      abandon();
      reject(signal.reason);
    };
    signal.addEventListener("abort", onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** For outcomes nobody is left to hear: a caller that has moved on, a late answer. */
export function ignore(): void {}

/** Frees the connection behind an answer nobody will read. */
export function discard(response: Response): void {
  response.body?.cancel().catch(ignore);
}

import type { paths } from "@org/agent-engine-types";
import openapiFetch, { type Client, createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import {
  apiErrorFor,
  ConnectionError,
  InvalidArgumentError,
  InvalidResponseError,
  type RequestSummary,
} from "./errors.js";
import { describeValue, hasLoneSurrogate, WELL_FORMED_RULE } from "./validate.js";

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
      note: unretried.has(result.response) ? notRetriedNote(request.method) : undefined,
    });
  }
  return result;
}

/**
 * Answers the transport gave back unretried although their status is one it retries: a
 * POST, PUT, PATCH or DELETE the server may have seen. The typed error says so.
 */
const unretried = new WeakSet<Response>();

export function markNotRetried(response: Response): void {
  unretried.add(response);
}

/** The words that tell why a request that is not safe to repeat was sent once. */
export function notRetriedNote(method: string): string {
  return `not retried: a ${method} may have reached the server; see retry.retryNonIdempotent`;
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

const serializeQuery = /* @__PURE__ */ createQuerySerializer();

/**
 * openapi-fetch's default serializers, with the platform's `URIError` for a value no URL can
 * carry turned into an InvalidArgumentError naming it. Checked only when encoding fails, so a
 * call with good values pays nothing.
 */
export function querySerializer(query: Record<string, unknown>): string {
  return encodeChecked("params.query", query, () => serializeQuery(query));
}

export function pathSerializer(url: string, params: Record<string, unknown>): string {
  return encodeChecked("params.path", params, () => defaultPathSerializer(url, params));
}

function encodeChecked(where: string, params: Record<string, unknown>, encode: () => string): string {
  try {
    return encode();
  } catch (error) {
    const culprit = error instanceof URIError ? findLoneSurrogate(params, where) : undefined;
    if (!culprit) throw error;
    throw new InvalidArgumentError(culprit.path, WELL_FORMED_RULE, describeValue(culprit.value));
  }
}

function findLoneSurrogate(
  value: unknown,
  path: string,
  depth = 0,
): { path: string; value: string } | undefined {
  if (typeof value === "string") return hasLoneSurrogate(value) ? { path, value } : undefined;
  if (typeof value !== "object" || value === null || depth > 5) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findLoneSurrogate(
      inner,
      Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`,
      depth + 1,
    );
    if (found) return found;
  }
  return undefined;
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

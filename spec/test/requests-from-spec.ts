// Builds the contract tests' requests from the spec itself: its parameter and request-body
// examples make the valid requests, and small rule-based edits of them make the wrong ones.
// Adding an operation (with its examples) to the spec adds its tests, with no code here.
import { listOperations, type SpecOperation } from "../../scripts/load-spec.mjs";

type Json = Record<string, any>;

export interface NamedExample {
  name: string;
  value: unknown;
}

export interface SpecRequest {
  method: string;
  /** Path with its parameters filled in, and the query string. */
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

export interface OperationCase {
  operationId: string;
  method: string;
  path: string;
  operation: Json;
  /** The first 2xx status the operation declares: what a valid request must get. */
  successStatus: number;
}

export interface WrongRequest {
  operationId: string;
  rule: string;
  request: SpecRequest;
  expectedStatus: number;
}

/** The examples of a media type object, whether written as `example` or as named `examples`. */
export function examplesOf(media: Json | undefined): NamedExample[] {
  if (!media) return [];
  if (media.examples)
    return Object.entries(media.examples).map(([name, example]) => ({
      name,
      value: (example as Json).value,
    }));
  if ("example" in media) return [{ name: "example", value: media.example }];
  return [];
}

export function operationCases(document: Json): OperationCase[] {
  return listOperations(document).map(({ method, path, operation }: SpecOperation) => {
    const successStatus = Object.keys(operation.responses)
      .map(Number)
      .filter((status) => status >= 200 && status < 300)
      .sort()[0];
    if (successStatus === undefined)
      throw new Error(`${method.toUpperCase()} ${path} declares no 2xx response`);
    return { operationId: operation.operationId, method, path, operation, successStatus };
  });
}

function parametersOf(document: Json, path: string, operation: Json): Json[] {
  const shared: Json[] = document.paths[path].parameters ?? [];
  const own: Json[] = operation.parameters ?? [];
  const ownKeys = new Set(own.map((p) => `${p.in}:${p.name}`));
  return [...shared.filter((p) => !ownKeys.has(`${p.in}:${p.name}`)), ...own];
}

function exampleOfParameter(parameter: Json): unknown {
  return parameter.example ?? parameter.schema?.example;
}

function takesToken(document: Json, operation: Json): boolean {
  return (operation.security ?? document.security ?? []).length > 0;
}

/** A request built from the parameters' examples, with `values` overriding some of them. */
function buildRequest(
  document: Json,
  { method, path, operation }: OperationCase,
  body: { value: unknown } | undefined,
  values: Record<string, unknown> = {},
  withToken = true,
): SpecRequest {
  let url = path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const parameter of parametersOf(document, path, operation)) {
    const key = `${parameter.in}:${parameter.name}`;
    const value = key in values ? values[key] : exampleOfParameter(parameter);
    if (value === undefined) {
      if (parameter.required)
        throw new Error(`${method.toUpperCase()} ${path}: parameter ${parameter.name} has no example`);
      continue;
    }
    if (parameter.in === "path") url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === "query")
      for (const item of [value].flat()) query.append(parameter.name, String(item));
    else if (parameter.in === "header") headers[parameter.name] = String(value);
  }
  if (withToken && takesToken(document, operation)) headers.Authorization = "Bearer contract-test-token";
  if (body) headers["Content-Type"] = "application/json";
  const search = query.toString();
  return {
    method: method.toUpperCase(),
    url: search ? `${url}?${search}` : url,
    headers,
    ...(body ? { body: body.value } : {}),
  };
}

function requestExamples(operation: Json): NamedExample[] {
  return examplesOf(operation.requestBody?.content?.["application/json"]);
}

/** One valid request per request-body example (one request when the operation takes no body). */
export function validRequests(
  document: Json,
  operationCase: OperationCase,
): Array<{ example: string; request: SpecRequest }> {
  if (!operationCase.operation.requestBody)
    return [{ example: "(no body)", request: buildRequest(document, operationCase, undefined) }];
  return requestExamples(operationCase.operation).map(({ name, value }) => ({
    example: name,
    request: buildRequest(document, operationCase, { value }),
  }));
}

const UNKNOWN_PROPERTY = "not_a_field_of_this_body";

/** A JSON value of a type that `value`'s type is not. */
function wrongTypeFor(value: unknown): unknown {
  if (typeof value === "string") return 12345;
  return "not-the-right-type";
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Whether every way the body schema can be satisfied needs at least one property. */
function requiresSomething(schema: Json): boolean {
  if ((schema.required ?? []).length > 0) return true;
  const branches: Json[] | undefined = schema.anyOf ?? schema.oneOf;
  if (branches) return branches.every(requiresSomething);
  return (schema.allOf ?? []).some(requiresSomething);
}

/** Whether the body schema refuses properties it does not name, in every branch it offers. */
function isClosed(schema: Json): boolean {
  if (schema.additionalProperties === false) return true;
  const branches: Json[] | undefined = schema.anyOf ?? schema.oneOf;
  return branches?.every(isClosed) ?? false;
}

/** A wrong value for a query or path parameter, when its schema makes one possible. */
function wrongParameterValue(schema: Json | undefined): string | undefined {
  const item = schema?.type === "array" ? schema.items : schema;
  if (!item) return undefined;
  if (
    item.enum ||
    item.type === "integer" ||
    item.type === "number" ||
    item.type === "boolean" ||
    item.format === "uuid"
  ) {
    return "not-a-valid-value";
  }
  return undefined;
}

/** Requests the API refuses, each a single edit of a valid request, with the status Prism must answer. */
export function wrongRequests(document: Json, operationCase: OperationCase): WrongRequest[] {
  const { operationId, method, path, operation } = operationCase;
  const wrong: WrongRequest[] = [];
  const firstBody = requestExamples(operation)[0];
  const body = firstBody ? { value: firstBody.value } : undefined;

  if (takesToken(document, operation)) {
    wrong.push({
      operationId,
      rule: "without a bearer token",
      request: buildRequest(document, operationCase, body, {}, false),
      expectedStatus: 401,
    });
  }

  const schema: Json | undefined = operation.requestBody?.content?.["application/json"]?.schema;
  if (schema) {
    const exampleWithFields = requestExamples(operation).find(
      ({ value }) => isObject(value) && Object.values(value).some((v) => v !== null),
    );
    if (exampleWithFields && isObject(exampleWithFields.value)) {
      const value = exampleWithFields.value;
      for (const field of schema.required ?? []) {
        if (!(field in value)) continue;
        const { [field]: _dropped, ...rest } = value;
        wrong.push({
          operationId,
          rule: `without its required field ${field}`,
          request: buildRequest(document, operationCase, { value: rest }),
          expectedStatus: 422,
        });
      }
      const [field, fieldValue] = Object.entries(value).find(([, v]) => v !== null)!;
      wrong.push({
        operationId,
        rule: `with ${field} of the wrong type`,
        request: buildRequest(document, operationCase, {
          value: { ...value, [field]: wrongTypeFor(fieldValue) },
        }),
        expectedStatus: 422,
      });
      if (isClosed(schema)) {
        wrong.push({
          operationId,
          rule: "with a property the body does not have",
          request: buildRequest(document, operationCase, { value: { ...value, [UNKNOWN_PROPERTY]: "x" } }),
          expectedStatus: 422,
        });
      }
    }
    if (requiresSomething(schema)) {
      wrong.push({
        operationId,
        rule: "with an empty body",
        request: buildRequest(document, operationCase, { value: {} }),
        expectedStatus: 422,
      });
    }
    wrong.push({
      operationId,
      rule: "with a body that is not an object",
      request: buildRequest(document, operationCase, { value: [] }),
      expectedStatus: 422,
    });
  }

  for (const parameter of parametersOf(document, path, operation)) {
    if (parameter.in !== "query" && parameter.in !== "path") continue;
    const bad = wrongParameterValue(parameter.schema);
    if (bad === undefined) continue;
    wrong.push({
      operationId,
      rule: `with a ${parameter.in} parameter ${parameter.name} that breaks its schema`,
      request: buildRequest(document, operationCase, body, { [`${parameter.in}:${parameter.name}`]: bad }),
      expectedStatus: 422,
    });
  }
  if (wrong.length === 0)
    throw new Error(`${method.toUpperCase()} ${path}: no wrong request can be derived from the spec`);
  return wrong;
}

export async function send(base: string, request: SpecRequest, extraHeaders: Record<string, string> = {}) {
  const response = await fetch(base + request.url, {
    method: request.method,
    headers: { ...request.headers, ...extraHeaders },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

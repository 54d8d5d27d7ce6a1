import { type OperationId, operationTable } from "@org/agent-engine-types";
import { InvalidArgumentError } from "../errors.js";
import { type AgentEngineApi, expectData, expectOk, type FetchResult } from "../http.js";
import { type CallOptions, readCallOptions } from "../options.js";
import { describeValue, hasLoneSurrogate, requireObject, WELL_FORMED_RULE } from "../validate.js";
import { itemsOf, pagesByCursorParam, pagesByNextUrl, type PageIterable, type Query } from "./pages.js";
import type { Resources, TokenScheme } from "./types.js";

type Leaf = string | { operation: string; answer: string; items?: string };
type Method = (...args: unknown[]) => unknown;

/**
 * The typed methods of `table` whose operations accept a `scheme` token, sent through `api`
 * (which carries that token). Groups left without a method are left out.
 */
export function buildResources<Table extends object, Scheme extends TokenScheme>(
  api: AgentEngineApi,
  baseUrl: string,
  table: Table,
  scheme: Scheme,
): Resources<Table, Scheme> {
  const group: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(table) as [string, Leaf | object][]) {
    if (typeof member === "string" || "operation" in member) {
      const leaf =
        typeof member === "string"
          ? { operation: member, answer: "json" }
          : (member as Exclude<Leaf, string>);
      const operationId = leaf.operation as OperationId;
      if ((operationTable[operationId].security as readonly string[]).includes(scheme)) {
        group[name] = methodFor(api, baseUrl, operationId, leaf.answer, leaf.items);
      }
    } else {
      const inner = buildResources(api, baseUrl, member, scheme);
      if (Object.keys(inner).length > 0) group[name] = inner;
    }
  }
  return group as Resources<Table, Scheme>;
}

function methodFor(
  api: AgentEngineApi,
  baseUrl: string,
  operationId: OperationId,
  answer: string,
  items = "",
): Method {
  if (answer === "nextUrl") {
    return (...args) => {
      const call = prepareCall(api, baseUrl, operationId, args);
      const list = { baseUrl, path: operationTable[operationId].path, signal: call.options.signal };
      const pages = () =>
        pagesByNextUrl(
          (query) => answerOf(operationId, call, query) as Promise<object>,
          call.input as Query | undefined,
          list,
        );
      return {
        pages,
        [Symbol.asyncIterator]: () => itemsOf(pages(), items, `${call.where.method} ${call.where.url}`),
      } satisfies PageIterable<unknown, object>;
    };
  }
  if (answer === "cursorParam") {
    return (...args) => {
      const call = prepareCall(api, baseUrl, operationId, args);
      const body = call.input!;
      const params = body.params as Record<string, unknown> | null | undefined;
      const pageBody = (cursor: string | undefined) =>
        cursor === undefined ? body : { ...body, params: { ...params, cursor } };
      return {
        [Symbol.asyncIterator]: () =>
          pagesByCursorParam(
            (cursor) => answerOf(operationId, call, pageBody(cursor)) as Promise<object>,
            params?.cursor,
            `${call.where.method} ${call.where.url}`,
            call.options.signal,
          ),
      };
    };
  }
  if (answer === "bytes") {
    return async (...args) => {
      const call = prepareCall(api, baseUrl, operationId, args);
      // Bytes preferred; an error still comes as JSON, which the typed error reads.
      const accept = { Accept: "application/octet-stream, application/json;q=0.5" };
      return (await expectOk(call.send(call.input, { parseAs: "stream", headers: accept }), call.where))
        .response;
    };
  }
  return async (...args) => answerOf(operationId, prepareCall(api, baseUrl, operationId, args));
}

const PATH_PARAMETER = /\{([^}]+)\}/g;

/** One call of an operation, its arguments read and checked; `send` makes the request. */
export interface PreparedCall {
  path: Record<string, string>;
  input: Record<string, unknown> | undefined;
  options: CallOptions;
  /** `METHOD url` with the path filled in, for error messages. */
  where: { method: string; url: string };
  /** `extra` is laid over the openapi-fetch init (`parseAs`, `headers`). */
  send(input: Record<string, unknown> | undefined, extra?: object): Promise<FetchResult<unknown>>;
}

/**
 * Reads a resource method's arguments by the operation's table entry: its path parameter,
 * then its body or query, then the per-call options. Bad arguments throw before any request.
 */
export function prepareCall(
  api: AgentEngineApi,
  baseUrl: string,
  operationId: OperationId,
  args: readonly unknown[],
): PreparedCall {
  const entry = operationTable[operationId];
  const { method, path: template } = entry;
  const input = "input" in entry ? entry.input : undefined;
  const names = [...template.matchAll(PATH_PARAMETER)].map((match) => match[1]!);
  const most = names.length + (input ? 2 : 1);
  if (args.length > most) {
    throw new InvalidArgumentError(
      "arguments",
      `${operationId} takes at most ${most} (${[...names, input, "options"].filter(Boolean).join(", ")})`,
      `${args.length} arguments`,
    );
  }
  const path: Record<string, string> = {};
  for (const [index, name] of names.entries()) path[name] = requirePathSegment(name, args[index]);
  const given = input ? args[names.length] : undefined;
  if (input === "body" || given !== undefined) requireObject(input ?? "input", given);
  const options = readCallOptions((args[names.length + (input ? 1 : 0)] ?? {}) as CallOptions);
  const url =
    baseUrl + template.replace(PATH_PARAMETER, (_, name: string) => encodeURIComponent(path[name]!));
  const call = api[method] as (path: string, init: object) => Promise<FetchResult<unknown>>;
  return {
    path,
    input: given as Record<string, unknown> | undefined,
    options,
    where: { method, url },
    send: (sent, extra) =>
      call(template, {
        params: { path, query: input === "query" ? sent : undefined },
        body: input === "body" ? sent : undefined,
        ...extra,
        ...options,
      }),
  };
}

/** A path parameter: a non-empty string that cannot step out of its path (`.` and `..` would). */
function requirePathSegment(name: string, value: unknown): string {
  if (typeof value !== "string" || value.trim() === "" || value === "." || value === "..") {
    throw new InvalidArgumentError(
      name,
      'it must be a non-empty string other than "." and ".."',
      describeValue(value),
    );
  }
  if (hasLoneSurrogate(value)) throw new InvalidArgumentError(name, WELL_FORMED_RULE, describeValue(value));
  return value;
}

/** Sends one prepared call: the answer's data, nothing for a 204, or a typed error. */
export function answerOf(operationId: OperationId, call: PreparedCall, input = call.input): Promise<unknown> {
  const sent = call.send(input);
  return "noContent" in operationTable[operationId]
    ? expectOk(sent, call.where).then(() => undefined)
    : expectData(sent, call.where);
}

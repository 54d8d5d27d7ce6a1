import { operationTable, type OperationId } from "@org/agent-engine-types";
import { expectOk, type AgentEngineApi } from "../http.js";
import { answerOf, prepareCall } from "./operation.js";
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

import { operationTable, type OperationId } from "@org/agent-engine-types";
import { InvalidArgumentError } from "../errors.js";
import { expectData, expectOk, type AgentEngineApi, type FetchResult } from "../http.js";
import { perCallInit, type CallOptions } from "../transport/overrides.js";
import { hasLoneSurrogate, WELL_FORMED_RULE } from "../url-params.js";
import { requireObject, describeValue } from "../validate.js";

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
  const options = perCallInit((args[names.length + (input ? 1 : 0)] ?? {}) as CallOptions);
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

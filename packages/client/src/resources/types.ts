import type { OperationId, operations, operationTable } from "@org/agent-engine-types";
import type { CallOptions } from "../options.js";
import type { PageIterable } from "./pages.js";

/** The security schemes of the spec: which token an operation accepts. */
export type TokenScheme = "ApplicationToken" | "ScopedToken";

type Parameters_<O extends OperationId> = operations[O]["parameters"];
type PathParams<O extends OperationId> = NonNullable<Parameters_<O>["path"]>;
type QueryOf<O extends OperationId> = NonNullable<Parameters_<O>["query"]>;
type RequestBody<O extends OperationId> = NonNullable<operations[O]["requestBody"]>;
type BodyOf<O extends OperationId> = [RequestBody<O>] extends [never]
  ? never
  : RequestBody<O> extends { content: { "application/json": infer B } }
    ? B
    : never;

/** The path parameter comes first: operations have at most one, so it goes by position. */
type PathArgs<O extends OperationId> = [PathParams<O>] extends [never]
  ? []
  : [id: PathParams<O>[keyof PathParams<O>]];
type QueryArgs<O extends OperationId> = [QueryOf<O>] extends [never]
  ? []
  : // biome-ignore lint/complexity/noBannedTypes: `{} extends Q` asks whether every query field is optional
    {} extends QueryOf<O>
    ? [query?: QueryOf<O>]
    : [query: QueryOf<O>];
type InputArgs<O extends OperationId> = [BodyOf<O>] extends [never] ? QueryArgs<O> : [body: BodyOf<O>];

/** The arguments of a resource method: path parameter, then body or query, then per-call options. */
export type OperationArgs<O extends OperationId> = [...PathArgs<O>, ...InputArgs<O>, options?: CallOptions];

/** What a successful call answers: the 200's (or an accepted 202's) JSON, or nothing (a 204). */
export type OperationAnswer<O extends OperationId> = operations[O]["responses"] extends {
  200: { content: { "application/json": infer A } };
}
  ? A
  : operations[O]["responses"] extends { 202: { content: { "application/json": infer A } } }
    ? A
    : // biome-ignore lint/suspicious/noConfusingVoidType: a method that answers nothing resolves to void, as fetch wrappers do
      void;

/** A resource method: the API's own field names in and out, typed errors thrown. */
export type OperationMethod<O extends OperationId> = (
  ...args: OperationArgs<O>
) => Promise<OperationAnswer<O>>;

type ItemsOf<Page, Key extends string> = Page extends { [K in Key]: readonly (infer Item)[] } ? Item : never;

type Leaf =
  | OperationId
  | { readonly operation: OperationId; readonly answer: "nextUrl"; readonly items: string }
  | { readonly operation: OperationId; readonly answer: "cursorParam" | "bytes" };

/** What the resources table may hold: groups whose leaves name operationIds of the spec. */
export type ResourceTable = { readonly [name: string]: Leaf | ResourceTable };

type LeafOperation<L> = L extends OperationId
  ? L
  : L extends { operation: infer O extends OperationId }
    ? O
    : never;

type MethodOf<L> = L extends OperationId
  ? OperationMethod<L>
  : L extends { operation: infer O extends OperationId; answer: "nextUrl"; items: infer Key extends string }
    ? (...args: OperationArgs<O>) => PageIterable<ItemsOf<OperationAnswer<O>, Key>, OperationAnswer<O>>
    : L extends { operation: infer O extends OperationId; answer: "cursorParam" }
      ? (...args: OperationArgs<O>) => AsyncIterable<OperationAnswer<O>>
      : L extends { operation: infer O extends OperationId; answer: "bytes" }
        ? (...args: OperationArgs<O>) => Promise<Response>
        : never;

type Accepts<T, Scheme extends TokenScheme> = T extends Leaf
  ? Scheme extends (typeof operationTable)[LeafOperation<T>]["security"][number]
    ? true
    : false
  : true extends { [K in keyof T]: Accepts<T[K], Scheme> }[keyof T]
    ? true
    : false;

/** The resources of `Table` whose operations accept a `Scheme` token, as typed methods. */
export type Resources<Table, Scheme extends TokenScheme> = {
  readonly [K in keyof Table as Accepts<Table[K], Scheme> extends true ? K : never]: Table[K] extends Leaf
    ? MethodOf<Table[K]>
    : Resources<Table[K], Scheme>;
};

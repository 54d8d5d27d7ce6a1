// The resources table against the spec's operationIds at compile time: a renamed operationId
// fails the typecheck, not a TypeError when a client is created.
import { expectTypeOf, it } from "vitest";
import { RESOURCES } from "../src/resources/table.js";
import type { ResourceTable } from "../src/resources/types.js";

it("names only operationIds of the spec in the resources table", () => {
  expectTypeOf(RESOURCES).toExtend<ResourceTable>();
  // @ts-expect-error: the spec has no operation `listConnectorz`
  expectTypeOf({ list: "listConnectorz" } as const).toExtend<ResourceTable>();
});

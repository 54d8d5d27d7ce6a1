// The client's resource table, flattened for table-driven tests: a new line in the table is a
// new case in every test that walks these leaves.
import { operationTable, type OperationEntry, type OperationId } from "@org/agent-engine-types";
import { RESOURCES } from "../../src/resources/table.js";

export interface ResourceLeaf {
  /** Where the method lives, e.g. `templates.sources.get`. */
  name: string;
  operationId: OperationId;
  entry: OperationEntry;
  answer: "json" | "nextUrl" | "cursorParam" | "bytes";
}

export function resourceLeaves(table: object = RESOURCES, prefix = ""): ResourceLeaf[] {
  return Object.entries(table).flatMap(([key, member]): ResourceLeaf[] => {
    const name = prefix + key;
    if (typeof member === "string")
      return [
        {
          name,
          operationId: member as OperationId,
          entry: operationTable[member as OperationId],
          answer: "json",
        },
      ];
    if ("operation" in member) {
      const { operation, answer } = member as { operation: OperationId; answer: ResourceLeaf["answer"] };
      return [{ name, operationId: operation, entry: operationTable[operation], answer }];
    }
    return resourceLeaves(member as object, `${name}.`);
  });
}

/** The method at `name` on `client` (a resource tree), or undefined. */
export function methodAt(client: object, name: string): ((...args: unknown[]) => unknown) | undefined {
  let value: unknown = client;
  for (const part of name.split(".")) value = (value as Record<string, unknown> | undefined)?.[part];
  return value as ((...args: unknown[]) => unknown) | undefined;
}

/** Calls a leaf's method and waits for its first answer, whatever way it answers. */
export async function firstAnswer(
  leaf: ResourceLeaf,
  method: (...args: unknown[]) => unknown,
  args: unknown[],
): Promise<unknown> {
  if (leaf.answer === "nextUrl") {
    for await (const page of (method(...args) as { pages(): AsyncIterable<unknown> }).pages()) return page;
    throw new Error(`${leaf.name} gave no page`);
  }
  if (leaf.answer === "cursorParam") {
    for await (const page of method(...args) as AsyncIterable<unknown>) return page;
    throw new Error(`${leaf.name} gave no page`);
  }
  return method(...args);
}

// Every resource method against the Prism mock (--errors), table-driven from the resource
// table and the spec's own examples: the request the method builds must be one the spec
// accepts (a 2xx), and the answer must be the operation's first example, untouched.
// A new line in the resource table is a new case here, with no test code.
import { beforeAll, describe, expect, inject, it } from "vitest";
import { listOperations, loadBundledSpec } from "../../../../scripts/load-spec.mjs";
import { createAgentEngineClient, type AgentEngineClient } from "../../src/index.js";
import { firstAnswer, methodAt, resourceLeaves, type ResourceLeaf } from "../helpers/resource-leaves.js";

const ORG = "12345678-1234-1234-1234-123456789012";
const leaves = resourceLeaves();
type Json = Record<string, any>;

let client: AgentEngineClient;
let operations: Map<string, Json>;

beforeAll(async () => {
  client = createAgentEngineClient({
    clientId: "contract-id",
    clientSecret: "contract-secret",
    baseUrl: inject("prismUrl"),
    organizationId: ORG,
  });
  const document = await loadBundledSpec();
  operations = new Map(
    listOperations(document).map(({ path, operation }) => [
      operation.operationId,
      { ...operation, shared: document.paths[path].parameters ?? [] },
    ]),
  );
});

const exampleOf = (thing: Json) => thing.example ?? thing.schema?.example;

/** The arguments the method takes, from the spec's examples: path parameter, then body or query. */
function argumentsFor(leaf: ResourceLeaf): unknown[] {
  const operation = operations.get(leaf.operationId)!;
  const parameters: Json[] = [...operation.shared, ...(operation.parameters ?? [])];
  const args: unknown[] = parameters.filter((p) => p.in === "path").map(exampleOf);
  if (leaf.entry.input === "body") {
    const examples: Json = operation.requestBody.content["application/json"].examples ?? {
      example: { value: operation.requestBody.content["application/json"].example },
    };
    // The example named after the method when there is one (`download`), else the first.
    const last = leaf.name.split(".").at(-1)!;
    args.push((examples[last] ?? Object.values(examples)[0]).value);
  }
  if (leaf.entry.input === "query") {
    const query = Object.fromEntries(
      parameters.filter((p) => p.in === "query" && !p.deprecated).map((p) => [p.name, exampleOf(p)]),
    );
    args.push(query);
  }
  return args;
}

/** The answer Prism gives first: the first 2xx's first JSON example, or nothing for a 204. */
function expectedAnswer(leaf: ResourceLeaf): unknown {
  const { responses } = operations.get(leaf.operationId)!;
  const success = Object.keys(responses)
    .filter((status) => /^2\d\d$/.test(status))
    .sort()[0]!;
  const media = responses[success]?.content?.["application/json"];
  if (!media) return undefined;
  return media.examples ? (Object.values(media.examples)[0] as Json).value : media.example;
}

function check(name: string, owner: () => object, cases: ResourceLeaf[]) {
  describe(name, () => {
    it.each(cases.map((leaf) => [leaf.name, leaf] as const))(
      "%s gets a 2xx and the typed answer",
      async (_, leaf) => {
        const method = methodAt(owner(), leaf.name);
        expect(method, `${leaf.name} is missing`).toBeTypeOf("function");
        const answer = await firstAnswer(leaf, method!, argumentsFor(leaf));
        if (leaf.answer === "bytes") {
          const response = answer as Response;
          expect(response.status).toBe(200);
          // The method asks for bytes, so the mock picks the operation's octet-stream answer.
          expect(response.headers.get("content-type")).toMatch(/^application\/octet-stream/);
          expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
        } else {
          expect(answer).toEqual(expectedAnswer(leaf));
        }
      },
    );
  });
}

check(
  "resources of the application client against the mock",
  () => client,
  leaves.filter((leaf) => leaf.entry.security.includes("ApplicationToken")),
);
check(
  "resources of forWorkspace against the mock",
  () => client.forWorkspace("customer_workspace_123"),
  leaves.filter((leaf) => leaf.entry.security.includes("ScopedToken")),
);

describe("forWorkspace tokenInfo against the mock", () => {
  it("names the workspace from the 0.9.0 answer's customer_name", async () => {
    const info = await client.forWorkspace("customer_workspace_123").tokenInfo();
    expect(info.workspace_name).toBe(info.customer_name);
    expect(info.workspace_name).toBe("customer_workspace_123");
  });
});

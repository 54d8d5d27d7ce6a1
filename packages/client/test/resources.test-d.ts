import type {
  Connector,
  ExecuteResponse,
  Workspace,
  WorkspaceList,
  WorkspaceStats,
} from "@org/agent-engine-types";
import { describe, expectTypeOf, it } from "vitest";
import {
  createAgentEngineClient,
  type ApplicationResources,
  type CallOptions,
  type PageIterable,
  type Resources,
  type WorkspaceResources,
  type WorkspaceTokenInfo,
} from "../src/index.js";
import type { RESOURCES } from "../src/resources/table.js";

const client = createAgentEngineClient({ clientId: "id", clientSecret: "secret" });
const workspace = client.forWorkspace("w");

describe("resource types", () => {
  it("takes the path parameter first, then the body, then per-call options", () => {
    expectTypeOf(client.connectors.get).parameters.toEqualTypeOf<[id: string, options?: CallOptions]>();
    expectTypeOf(client.connectors.get).returns.resolves.toEqualTypeOf<Connector>();
    expectTypeOf(client.connectors.update).toBeCallableWith("id", { name: "n" }, { timeoutMs: 5 });
    // @ts-expect-error the body is required
    void client.connectors.create();
    // @ts-expect-error an unknown field of the API's body does not type-check
    void client.connectors.update("id", { nme: "n" });
  });

  it("takes an optional query where the operation has one", () => {
    expectTypeOf(client.connectors.list).toBeCallableWith();
    expectTypeOf(client.connectors.list).toBeCallableWith(
      { workspace_name: "w" },
      { signal: AbortSignal.timeout(1) },
    );
    expectTypeOf(client.workspaces.stats).returns.resolves.toEqualTypeOf<WorkspaceStats>();
  });

  it("answers nothing for a 204", () => {
    expectTypeOf(client.oauthCredentials.delete).returns.resolves.toEqualTypeOf<void>();
  });

  it("paginates workspaces by item and by page, and execute list actions by page", () => {
    expectTypeOf(client.workspaces.list).returns.toEqualTypeOf<PageIterable<Workspace, WorkspaceList>>();
    expectTypeOf(client.connectors.executePages).returns.toEqualTypeOf<AsyncIterable<ExecuteResponse>>();
    expectTypeOf(client.connectors.download).returns.resolves.toEqualTypeOf<Response>();
  });

  it("puts only the operations a scoped token may call on forWorkspace", () => {
    expectTypeOf(workspace.workspaces.list).toBeCallableWith({ name_contains: "acme" });
    expectTypeOf(workspace.connectors.execute).toBeCallableWith("id", { entity: "issues", action: "list" });
    expectTypeOf(workspace.tokenInfo).returns.resolves.toEqualTypeOf<WorkspaceTokenInfo>();
    expectTypeOf<WorkspaceTokenInfo["workspace_name"]>().toEqualTypeOf<string>();
    // @ts-expect-error creating a connector takes the application token
    void workspace.connectors.create;
    // @ts-expect-error no definitions operation takes a scoped token
    void workspace.definitions;
    // @ts-expect-error the token info takes a scoped token, the organization client has none
    void client.tokenInfo;
  });
});

/** The builder's members are readonly, an interface's methods cannot be: compared without it. */
type Writable<T> = T extends (...args: never[]) => unknown ? T : { -readonly [K in keyof T]: Writable<T[K]> };

describe("the generated resource interfaces", () => {
  it("are the types the runtime builder gives, method for method, for either token", () => {
    expectTypeOf<Writable<ApplicationResources>>().toEqualTypeOf<
      Writable<Resources<typeof RESOURCES, "ApplicationToken">>
    >();
    expectTypeOf<Writable<WorkspaceResources>>().toEqualTypeOf<
      Writable<Resources<typeof RESOURCES, "ScopedToken">>
    >();
  });
});

import type {
  CheckStatus,
  Connector,
  ConnectorDeletionAccepted,
  ConnectorOAuthConsent,
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

  it("takes every execute field the provider documents, params null included", () => {
    expectTypeOf(client.connectors.execute).toBeCallableWith("id", {
      entity: "issues",
      action: "list",
      params: null,
      select_fields: ["id", "user.login"],
      exclude_fields: null,
      skip_truncation: false,
      intent: "Find open billing issues",
    });
    expectTypeOf(client.connectors.create).toBeCallableWith({
      workspace_name: "w",
      connector_type: "github",
      credentials: {},
      entities: [{ entity: "issues", modes: ["read"] }],
    });
    // @ts-expect-error the wire accepts unknown fields, but a typo in an object literal is still caught
    void client.connectors.execute("id", { entity: "issues", action: "list", selct_fields: ["id"] });
  });

  it("starts a server-side OAuth flow as the application or as a workspace, answering its consent URL", () => {
    const body = { workspace_name: "w", connector_type: "hubspot", redirect_url: "https://yourapp.com/cb" };
    expectTypeOf(client.connectors.initiateOAuth).toBeCallableWith(body);
    expectTypeOf(workspace.connectors.initiateOAuth).returns.resolves.toEqualTypeOf<ConnectorOAuthConsent>();
    // @ts-expect-error redirect_url is required
    void client.connectors.initiateOAuth({ workspace_name: "w", connector_type: "hubspot" });
  });

  it("answers the accepted deletion's job for a connector delete (a 202)", () => {
    expectTypeOf(client.connectors.delete).returns.resolves.toEqualTypeOf<ConnectorDeletionAccepted>();
  });

  it("leaves room for a check status the spec does not know, and names the known ones", async () => {
    const status = (await client.connectors.check("id", {})).status;
    expectTypeOf<"a status from next year">().toExtend<typeof status>();
    expectTypeOf<"succeeded" | null>().toExtend<typeof status>();
    expectTypeOf<"inconclusive" | "skipped">().toExtend<CheckStatus>();
    // @ts-expect-error the known statuses are a closed list of their own
    expectTypeOf<"a status from next year">().toExtend<CheckStatus>();
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

import { describe, expectTypeOf, it } from "vitest";
import {
  createAgentEngineClient,
  type RateLimitError,
  type AgentEngineApi,
  type ScopedToken,
  type SourceDefinition,
  type WidgetToken,
} from "../src/index.js";

const client = createAgentEngineClient({ clientId: "id", clientSecret: "secret" });

describe("client types", () => {
  it("types the convenience methods' results", () => {
    expectTypeOf(client.listSourceDefinitions).returns.resolves.toEqualTypeOf<SourceDefinition[]>();
    expectTypeOf(client.createScopedToken).returns.resolves.toEqualTypeOf<ScopedToken>();
    expectTypeOf(client.createWidgetToken).returns.resolves.toEqualTypeOf<WidgetToken>();
    expectTypeOf<ScopedToken["expiresAt"]>().toEqualTypeOf<Date>();
    // Still an openapi-fetch client, with the scoped resources added.
    expectTypeOf(client.forWorkspace("w")).toExtend<AgentEngineApi>();
  });

  it("types openapi-fetch calls from the spec", () => {
    expectTypeOf(client.GET).toBeCallableWith("/api/v1/integrations/definitions/sources", {
      params: { query: { name: "git" } },
    });
    // @ts-expect-error an unknown path does not type-check
    void client.GET("/api/v1/nope");
    // @ts-expect-error the scoped-token mint is a POST, not a GET
    void client.GET("/api/v1/embedded/scoped-token");
    // @ts-expect-error workspace_name is required
    void client.POST("/api/v1/embedded/scoped-token", { body: {} });
  });

  it("types the per-call options of the convenience methods", () => {
    const signal = AbortSignal.timeout(1_000);
    expectTypeOf(client.listSourceDefinitions).toBeCallableWith(
      { name: "git" },
      { signal, timeoutMs: 2_000, retry: false },
    );
    expectTypeOf(client.createScopedToken).toBeCallableWith(
      { workspaceName: "w" },
      { retry: { maxRetries: 1 } },
    );
    // @ts-expect-error timeoutMs is a number of milliseconds
    void client.listSourceDefinitions({}, { timeoutMs: "2s" });
    // @ts-expect-error retry is false or an object of retry options
    void client.createWidgetToken({ workspaceName: "w", allowedOrigin: "https://a.com" }, { retry: true });
  });

  it("limits tag modes and requires an origin", () => {
    void client.createWidgetToken({
      workspaceName: "w",
      allowedOrigin: "https://a.com",
      // @ts-expect-error "some" is not a tag mode
      sourceTemplateTagsMode: "some",
    });
    // @ts-expect-error allowedOrigin is required
    void client.createWidgetToken({ workspaceName: "w" });
  });

  it("exposes the rate limit's delay on the error type", () => {
    expectTypeOf<RateLimitError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<RateLimitError["status"]>().toEqualTypeOf<number>();
  });
});

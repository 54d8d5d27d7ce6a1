import { describe, expectTypeOf, it } from "vitest";
import { createAgentEngineClient, type CallOptions, type RetryOptions } from "../../src/index.js";

const _client = createAgentEngineClient({
  clientId: "id",
  clientSecret: "secret",
  retry: { maxRetries: 4 },
  timeoutMs: 5_000,
});

describe("transport options' types", () => {
  it("types the overrides and the client options", () => {
    expectTypeOf<CallOptions["retry"]>().toEqualTypeOf<RetryOptions | false | undefined>();
    expectTypeOf<CallOptions["timeoutMs"]>().toEqualTypeOf<number | undefined>();
    // @ts-expect-error a retry count is a number
    const wrong: CallOptions = { retry: { maxRetries: "3" } };
    void wrong;
    // @ts-expect-error retry is false or an object
    void createAgentEngineClient({ retry: true });
  });
});

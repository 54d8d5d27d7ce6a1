import { describe, expect, it } from "vitest";
import {
  AgentEngineError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  createAgentEngineClient,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  RequestValidationError,
  ServerError,
} from "../src/index.js";
import { parseRetryAfter } from "../src/errors.js";
import { createFakeApi, json, SECRET, SOURCES_PATH } from "./helpers/fake-api.js";

function failingClient(status: number, body: unknown, headers: Record<string, string> = {}) {
  const api = createFakeApi();
  api.on(SOURCES_PATH, () =>
    typeof body === "string" ? new Response(body, { status, headers }) : json(body, { status, headers }),
  );
  return createAgentEngineClient({
    clientId: "id",
    clientSecret: SECRET,
    baseUrl: "http://api.test",
    fetch: api.fetch,
    retry: false,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<AgentEngineError> {
  try {
    await promise;
  } catch (error) {
    return error as AgentEngineError;
  }
  throw new Error("expected a rejection");
}

describe("HTTP errors", () => {
  it.each([
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [400, RequestValidationError],
    [422, RequestValidationError],
    [429, RateLimitError],
    [500, ServerError],
    [503, ServerError],
    [409, ApiError],
  ])("maps %i to %s", async (status, type) => {
    const error = await errorOf(
      failingClient(status, { message: "boom", errors: [] }).listSourceDefinitions(),
    );
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(AgentEngineError);
    expect((error as ApiError).status).toBe(status);
    expect(error.name).toBe(type.name);
  });

  it("carries the declared body shape: message, field errors, request id, headers", async () => {
    const body = {
      message: "Value error, One of connector_type, definition_id, or source_template_id must be provided",
      errors: [{ field: "body", message: "Value error, ...", error_code: "value_error" }],
    };
    const error = (await errorOf(
      failingClient(422, body, { "x-request-id": "req-123" }).listSourceDefinitions(),
    )) as RequestValidationError;
    expect(error.message).toBe(
      `GET http://api.test${SOURCES_PATH} failed with 422: ${body.message} (request id req-123)`,
    );
    expect(error.requestId).toBe("req-123");
    expect(error.body).toEqual(body);
    expect(error.headers.get("x-request-id")).toBe("req-123");
    expect(error.fieldErrors).toEqual([{ field: "body", message: "Value error, ...", code: "value_error" }]);
  });

  it("reads the older detail shape, as a string and as a list", async () => {
    const denied = await errorOf(
      failingClient(403, { detail: "Access denied to this resource" }).listSourceDefinitions(),
    );
    expect(denied.message).toContain("Access denied to this resource");
    const invalid = (await errorOf(
      failingClient(422, {
        detail: [{ loc: ["body", "allowed_origin"], msg: "field required", type: "value_error.missing" }],
      }).listSourceDefinitions(),
    )) as RequestValidationError;
    expect(invalid.message).toContain("body.allowed_origin: field required");
    expect(invalid.fieldErrors).toEqual([
      { field: "body.allowed_origin", message: "field required", code: "value_error.missing" },
    ]);
  });

  it("keeps a text body that is not JSON", async () => {
    const error = (await errorOf(
      failingClient(502, "<html>Bad gateway</html>").listSourceDefinitions(),
    )) as ServerError;
    expect(error.body).toBe("<html>Bad gateway</html>");
    expect(error.message).toContain("Bad gateway");
  });

  it("gives a rate limit's delay in milliseconds", async () => {
    const error = (await errorOf(
      failingClient(429, { message: "slow down" }, { "Retry-After": "30" }).listSourceDefinitions(),
    )) as RateLimitError;
    expect(error.retryAfterMs).toBe(30_000);
  });

  it("wraps a failure without an HTTP answer as a ConnectionError", async () => {
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      baseUrl: "http://api.test",
      fetch: () =>
        Promise.reject(
          new TypeError("fetch failed", { cause: new Error("connect ECONNREFUSED 127.0.0.1:1") }),
        ),
      retry: false,
    });
    const error = await errorOf(client.listSourceDefinitions());
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("carries the platform's error code and serialises name, message and code, not the cause", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      baseUrl: "http://api.test",
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: refused })),
      retry: false,
    });
    const error = (await errorOf(client.listSourceDefinitions())) as ConnectionError;
    expect(error.code).toBe("ECONNREFUSED");
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: "ConnectionError",
      message: error.message,
      code: "ECONNREFUSED",
    });
    expect(JSON.stringify(error)).not.toContain(SECRET);
    const direct = new ConnectionError("lost", { cause: { code: "ECONNRESET" } });
    expect(direct.code).toBe("ECONNRESET");
    expect(new ConnectionError("lost", { cause: { code: 23 } }).code).toBeUndefined();
  });
});

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates, and nothing else", () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0);
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("0", now)).toBe(0);
    expect(parseRetryAfter(new Date(now + 5_000).toUTCString(), now)).toBe(5_000);
    expect(parseRetryAfter(new Date(now - 5_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("-3", now)).toBeUndefined();
  });
});

describe("listSourceDefinitions", () => {
  it("refuses a name filter that is not a string before any request", async () => {
    const api = createFakeApi();
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      baseUrl: "http://api.test",
      fetch: api.fetch,
    });
    await expect(client.listSourceDefinitions({ name: 42 as unknown as string })).rejects.toThrow(
      /name \(number 42\): it must be a string/,
    );
    expect(api.sent).toHaveLength(0);
  });

  it("refuses an answer without a definitions list", async () => {
    const api = createFakeApi();
    api.on(SOURCES_PATH, () => json({ items: [] }));
    const client = createAgentEngineClient({
      clientId: "id",
      clientSecret: SECRET,
      baseUrl: "http://api.test",
      fetch: api.fetch,
    });
    await expect(client.listSourceDefinitions()).rejects.toThrow(/without a definitions list/);
  });
});

import { describe, expect, it } from "vitest";
import { createAgentEngineClient, InvalidArgumentError } from "../../src/index.js";
import {
  DEFAULT_RETRY_POLICY,
  DEFAULT_TIMEOUT_MS,
  resolveRetryPolicy,
  resolveTimeoutMs,
} from "../../src/options.js";

describe("resolveRetryPolicy", () => {
  it("defaults to 2 retries, 500 ms base, 8 s cap, 60 s Retry-After cap, idempotent requests only", () => {
    expect(resolveRetryPolicy(undefined)).toEqual({
      maxRetries: 2,
      baseDelayMs: 500,
      maxDelayMs: 8_000,
      maxRetryAfterMs: 60_000,
      retryNonIdempotent: false,
    });
    expect(DEFAULT_TIMEOUT_MS).toBe(60_000);
  });

  it("lays given fields over the base and keeps the others", () => {
    const base = resolveRetryPolicy({ baseDelayMs: 10, maxDelayMs: 20 });
    expect(resolveRetryPolicy({ maxRetries: 7 }, base)).toEqual({
      ...DEFAULT_RETRY_POLICY,
      baseDelayMs: 10,
      maxDelayMs: 20,
      maxRetries: 7,
    });
    expect(resolveRetryPolicy(false, base)).toEqual({ ...base, maxRetries: 0 });
    expect(resolveRetryPolicy(undefined, base)).toBe(base);
  });

  it("returns a frozen policy", () => {
    expect(Object.isFrozen(resolveRetryPolicy({ maxRetries: 1 }))).toBe(true);
    expect(Object.isFrozen(DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it.each([
    [{ maxRetries: -1 }, "retry.maxRetries", "number -1", "whole number"],
    [{ maxRetries: 1.5 }, "retry.maxRetries", "number 1.5", "whole number"],
    [{ maxRetries: Number.POSITIVE_INFINITY }, "retry.maxRetries", "number Infinity", "whole number"],
    [{ maxRetries: "3" }, "retry.maxRetries", '"3"', "whole number"],
    [{ baseDelayMs: -5 }, "retry.baseDelayMs", "number -5", "milliseconds"],
    [{ maxDelayMs: Number.NaN }, "retry.maxDelayMs", "number NaN", "milliseconds"],
    [{ maxRetryAfterMs: 3_000_000_000 }, "retry.maxRetryAfterMs", "number 3000000000", "2147483647"],
    [{ baseDelayMs: 1_000, maxDelayMs: 10 }, "retry.maxDelayMs", "number 10", "at least baseDelayMs (1000)"],
    [{ retryNonIdempotent: "yes" }, "retry.retryNonIdempotent", '"yes"', "true or false"],
    [{ retries: 3 }, "retry.retries", "number 3", "not a retry option"],
    [true, "retry", "boolean true", "false or an object"],
    [null, "retry", "null", "false or an object"],
    [[1], "retry", "an array", "false or an object"],
  ])("refuses %j, naming %s, the value and the rule", (value, argument, shown, rule) => {
    let thrown: unknown;
    try {
      resolveRetryPolicy(value);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidArgumentError);
    const error = thrown as InvalidArgumentError;
    expect(error.argument).toBe(argument);
    expect(error.message).toContain(`Invalid ${argument} (${shown})`);
    expect(error.message).toContain(rule);
  });
});

describe("resolveTimeoutMs", () => {
  it("keeps a valid value and falls back when absent", () => {
    expect(resolveTimeoutMs(1)).toBe(1);
    expect(resolveTimeoutMs(undefined, 42)).toBe(42);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 31, "1000", null])("refuses %s", (value) => {
    expect(() => resolveTimeoutMs(value)).toThrow(InvalidArgumentError);
    expect(() => resolveTimeoutMs(value)).toThrow(
      /^Invalid timeoutMs \(.+\): it must be a number of milliseconds from 1 to 2147483647$/,
    );
  });
});

describe("createAgentEngineClient checks retry and timeoutMs before any request", () => {
  const credentials = { clientId: "id", clientSecret: "secret", baseUrl: "https://api.example.test" };

  it.each([
    [{ retry: { maxRetries: -2 } }, /Invalid retry\.maxRetries \(number -2\)/],
    [{ retry: { baseDelay: 5 } }, /Invalid retry\.baseDelay \(number 5\): it is not a retry option/],
    [{ timeoutMs: 0 }, /Invalid timeoutMs \(number 0\)/],
    [{ timeoutMs: "30s" }, /Invalid timeoutMs \("30s"\)/],
  ])("refuses %j", (options, message) => {
    let calls = 0;
    const fetch = async () => {
      calls++;
      return new Response("{}");
    };
    expect(() => createAgentEngineClient({ ...credentials, fetch, ...(options as object) })).toThrow(message);
    expect(calls).toBe(0);
  });

  it("accepts retry: false and a custom timeout", () => {
    expect(() => createAgentEngineClient({ ...credentials, retry: false, timeoutMs: 5_000 })).not.toThrow();
  });

  it("merges a call's retry over the client's first, then blames the value the call gave", () => {
    const client = resolveRetryPolicy({ maxDelayMs: 1_000, baseDelayMs: 100 });
    expect(() => resolveRetryPolicy({ baseDelayMs: 2_000 }, client)).toThrow(
      "Invalid retry.baseDelayMs (number 2000): it must be at most maxDelayMs (1000)",
    );
    expect(() => resolveRetryPolicy({ maxDelayMs: 50 }, client)).toThrow(
      "Invalid retry.maxDelayMs (number 50): it must be at least baseDelayMs (100)",
    );
  });
});

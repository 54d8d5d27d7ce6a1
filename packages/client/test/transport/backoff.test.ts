import { describe, expect, it } from "vitest";
import { resolveRetryPolicy } from "../../src/options.js";
import { backoffDelayMs, retryDelayMs } from "../../src/transport/retry.js";

const policy = resolveRetryPolicy({ baseDelayMs: 100, maxDelayMs: 1_000, maxRetryAfterMs: 5_000 });

describe("backoffDelayMs", () => {
  it("doubles from the base, with half fixed and half random, up to the cap", () => {
    const lowest = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0));
    const highest = [1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0.999_999_9));
    expect(lowest).toEqual([50, 100, 200, 400, 500, 500]);
    expect(highest).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  });

  it("stays within [ceiling / 2, ceiling] for any random value", () => {
    for (let i = 0; i <= 100; i++) {
      const delay = backoffDelayMs(3, policy, () => i / 101);
      expect(delay).toBeGreaterThanOrEqual(200);
      expect(delay).toBeLessThanOrEqual(400);
    }
  });

  it("does not overflow for a huge retry number", () => {
    expect(backoffDelayMs(5_000, policy, () => 0.5)).toBe(750);
  });
});

describe("retryDelayMs", () => {
  const now = Date.UTC(2030, 0, 1, 12, 0, 0);

  it("uses the backoff without Retry-After", () => {
    expect(retryDelayMs(null, 1, policy, () => 0, now)).toBe(50);
  });

  it("waits at least what the server asked for, in seconds or as a date", () => {
    expect(retryDelayMs("2", 1, policy, () => 0, now)).toBe(2_000);
    expect(retryDelayMs(new Date(now + 3_000).toUTCString(), 1, policy, () => 0, now)).toBe(3_000);
    expect(retryDelayMs("0", 2, policy, () => 0, now)).toBe(100);
  });

  it("gives up rather than cut the server's delay short", () => {
    expect(retryDelayMs("6", 1, policy, () => 0, now)).toBeUndefined();
    expect(retryDelayMs("5", 1, policy, () => 0, now)).toBe(5_000);
  });

  it("falls back to the backoff for values that are not a delay", () => {
    for (const value of ["soon", "-3", "", "1e3"]) {
      expect(retryDelayMs(value, 1, policy, () => 0, now)).toBe(50);
    }
  });
});

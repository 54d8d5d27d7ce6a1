import { describe, expect, it } from "vitest";
import { believableLifetimeMs, issuedToken } from "../src/auth/tokens.js";
import { decodeBase64, jwtExpiry } from "../src/auth/jwt.js";
import { jwt } from "./helpers/fake-api.js";

describe("token lifetimes", () => {
  it("scales the margins with the lifetime", () => {
    const long = issuedToken("t", 0, 900_000);
    expect(long.refreshAt).toBe(855_000);
    expect(long.useUntil).toBe(895_000);
    const short = issuedToken("t", 0, 2_000);
    expect(short.refreshAt).toBe(1_900);
    expect(short.useUntil).toBe(1_960);
    expect(short.useUntil).toBeLessThan(short.expiresAt);
  });

  it("believes positive lifetimes up to a day", () => {
    expect(believableLifetimeMs(900)).toBe(900_000);
    expect(believableLifetimeMs(2)).toBe(2_000);
    for (const nonsense of [0, -5, Number.NaN, Infinity, "900", null, undefined, 10 ** 12]) {
      expect(believableLifetimeMs(nonsense)).toBeUndefined();
    }
  });

  it("reads a JWT's exp claim when it lies in the believable future", () => {
    const now = 1_700_000_000_000;
    expect(jwtExpiry(jwt({ exp: now / 1000 + 1200 }), now)).toBe(now + 1_200_000);
    expect(jwtExpiry(jwt({ exp: now / 1000 - 1 }), now)).toBeUndefined();
    expect(jwtExpiry(jwt({ exp: 4102444800 }), now)).toBeUndefined();
    expect(jwtExpiry(jwt({ sub: "no exp" }), now)).toBeUndefined();
    expect(jwtExpiry("not-a-jwt", now)).toBeUndefined();
    expect(jwtExpiry("a.%%%.c", now)).toBeUndefined();
  });

  it("decodes standard and URL-safe base64, padded or not", () => {
    const text = '{"widgetUrl":"https://x.test/?a=1&b=2"}~~';
    for (const encoded of [
      Buffer.from(text).toString("base64"),
      Buffer.from(text).toString("base64url"),
      Buffer.from(text).toString("base64").replace(/=+$/, ""),
    ]) {
      expect(decodeBase64(encoded)).toBe(text);
    }
    expect(decodeBase64("not base64!")).toBeUndefined();
  });
});

// validateAllowedOrigin over generated origins: every exact origin passes unchanged, and
// each way of making it inexact is refused with an error that shows the value.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError, validateAllowedOrigin } from "../../src/index.js";

const scheme = fc.constantFrom("http", "https");
const label = fc.stringMatching(/^[a-z0-9](?:[a-z0-9-]{0,8}[a-z0-9])?$/);
const domain = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
// Browsers serialize IPv6 hosts in lowercase, inside brackets.
const ipv6 = fc.ipV6().map((address) => `[${address.toLowerCase()}]`);
const host = fc.oneof(domain, fc.ipV4(), ipv6, fc.constant("localhost"));
const port = fc.option(fc.integer({ min: 1, max: 65_535 }), { nil: undefined });

interface Parts {
  scheme: string;
  host: string;
  port: number | undefined;
}

const parts: fc.Arbitrary<Parts> = fc.record({ scheme, host, port });
const domainParts: fc.Arbitrary<Parts> = fc.record({ scheme, host: domain, port });
const serialize = (origin: Parts) =>
  `${origin.scheme}://${origin.host}${origin.port === undefined ? "" : `:${origin.port}`}`;

const word = fc.stringMatching(/^[a-z0-9]{1,8}$/);
const whitespace = fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003");

/** Each way to spoil an origin, named for the failure message. */
const spoiled: Record<string, fc.Arbitrary<string>> = {
  "a path": fc
    .tuple(parts, fc.array(word, { minLength: 1, maxLength: 3 }), fc.boolean())
    .map(
      ([origin, segments, trailing]) => `${serialize(origin)}/${segments.join("/")}${trailing ? "/" : ""}`,
    ),
  "a trailing slash": parts.map((origin) => `${serialize(origin)}/`),
  "a query": fc
    .tuple(parts, word, fc.boolean())
    .map(([origin, query, slash]) => `${serialize(origin)}${slash ? "/" : ""}?${query}`),
  "a fragment": fc.tuple(parts, word).map(([origin, fragment]) => `${serialize(origin)}#${fragment}`),
  "a wildcard label": fc.tuple(domainParts, fc.nat()).map(([origin, pick]) => {
    const labels = origin.host.split(".");
    labels[pick % labels.length] = "*";
    return serialize({ ...origin, host: labels.join(".") });
  }),
  "user info": fc
    .tuple(parts, word, fc.option(word, { nil: undefined }))
    .map(
      ([origin, user, password]) =>
        `${origin.scheme}://${user}${password === undefined ? "" : `:${password}`}@${serialize(origin).split("://")[1]}`,
    ),
  whitespace: fc.tuple(parts, whitespace, fc.nat()).map(([origin, space, at]) => {
    const text = serialize(origin);
    const index = at % (text.length + 1);
    return text.slice(0, index) + space + text.slice(index);
  }),
};

describe("validateAllowedOrigin", () => {
  it("accepts every exact origin and returns it unchanged", () => {
    fc.assert(
      fc.property(parts, (origin) => {
        const value = serialize(origin);
        expect(validateAllowedOrigin(value)).toBe(value);
      }),
      { numRuns: 500 },
    );
  });

  it.each(Object.keys(spoiled))("refuses an origin with %s, naming the value", (kind) => {
    fc.assert(
      fc.property(spoiled[kind]!, (value) => {
        // Longer values are shortened in messages; keep to those shown whole.
        fc.pre(value.length <= 80);
        let thrown: unknown;
        try {
          validateAllowedOrigin(value);
        } catch (error) {
          thrown = error;
        }
        expect(thrown).toBeInstanceOf(InvalidArgumentError);
        const error = thrown as InvalidArgumentError;
        expect(error.argument).toBe("allowedOrigin");
        expect(error.message).toContain(JSON.stringify(value));
        expect(error.rule).toMatch(/^it must be an exact origin/);
      }),
      { numRuns: 300 },
    );
  });
});

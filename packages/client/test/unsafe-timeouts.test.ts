// What each resource method does when an attempt times out, from the resource table: a GET is
// retried, anything else (POST create/execute/check, PUT, PATCH, DELETE) is sent once and its
// RequestTimeoutError says it was not retried, because it may have reached the server.
import { describe, expect, it } from "vitest";
import { RequestTimeoutError } from "../src/index.js";
import { clientFor, createFakeApi, TOKEN_PATH } from "./helpers/fake-api.js";
import { firstAnswer, methodAt, resourceLeaves } from "./helpers/resource-leaves.js";

const leaves = resourceLeaves();

/** A fake whose resource calls never answer: only their attempt's timeout ends them. */
function hangingClient() {
  const api = createFakeApi();
  const attempts: string[] = [];
  const client = clientFor(api, {
    timeoutMs: 30,
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    fetch: (request) => {
      if (new URL(request.url).pathname === TOKEN_PATH) return api.fetch(request);
      attempts.push(`${request.method} ${new URL(request.url).pathname}`);
      return new Promise((_, reject) =>
        request.signal.addEventListener("abort", () => reject(request.signal.reason), { once: true }),
      );
    },
  });
  return { client, attempts };
}

const argsFor = (leaf: (typeof leaves)[number]) => [
  ...(leaf.entry.path.includes("{") ? ["id-1"] : []),
  ...(leaf.entry.input === "body" ? [{ entity: "issues", action: "list" }] : []),
];

describe("timeouts by operation", () => {
  it("covers every method of the resource table", () => {
    expect(leaves.length).toBeGreaterThanOrEqual(30);
  });

  it.each(leaves.filter((leaf) => leaf.entry.method !== "GET").map((leaf) => [leaf.name, leaf] as const))(
    "%s is sent once and its timeout says it was not retried",
    async (_, leaf) => {
      const { client, attempts } = hangingClient();
      const error = await firstAnswer(leaf, methodAt(client, leaf.name)!, argsFor(leaf)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect((error as Error).message).toMatch(
        new RegExp(`not retried: a ${leaf.entry.method} may have reached the server`),
      );
      expect(attempts).toHaveLength(1);
    },
  );

  it.each(leaves.filter((leaf) => leaf.entry.method === "GET").map((leaf) => [leaf.name, leaf] as const))(
    "%s is retried after a timeout",
    async (_, leaf) => {
      const { client, attempts } = hangingClient();
      const error = await firstAnswer(leaf, methodAt(client, leaf.name)!, argsFor(leaf)).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(RequestTimeoutError);
      expect((error as Error).message).toMatch(/attempt 3 of 3/);
      expect(attempts).toHaveLength(3);
    },
  );
});

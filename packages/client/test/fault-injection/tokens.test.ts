// Token faults (revocation, a refused exchange, nonsense lifetimes) and bad bodies, against a real HTTP server.
import createClient from "openapi-fetch";
import { describe, expect, it, vi } from "vitest";
import {
  AuthenticationError,
  createApplicationTokenProvider,
  createTransport,
  InvalidResponseError,
  ServerError,
  type paths,
} from "../../src/index.js";
import { RefreshingToken } from "../../src/auth/tokens.js";
import { CLIENT_SECRET, DEFINITIONS_PATH, TOKEN_PATH } from "./fault-server.js";
import { clientFor, collectUnhandledRejections, useFaultServer, settleDown } from "./guards.js";

const unhandled = collectUnhandledRejections();
const server = useFaultServer();

const bearerOf = (index: number) =>
  server.seen.filter((r) => r.path === DEFINITIONS_PATH)[index]?.authorization;

describe("revoked tokens", () => {
  it("exchanges again after a 401 and replays the call once", async () => {
    const client = clientFor(server);
    await client.listSourceDefinitions();
    server.revokeAll();
    await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
    expect(server.count(TOKEN_PATH)).toBe(2);
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
    expect(bearerOf(1)).toBe(bearerOf(0));
    expect(bearerOf(2)).not.toBe(bearerOf(1));
  });

  it("gives up with AuthenticationError when the fresh token is refused too: one replay, never a loop", async () => {
    server.script(
      DEFINITIONS_PATH,
      ...Array(5).fill({ status: 401, body: '{"detail":"Invalid authentication credentials"}' }),
    );
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).serverMessage).toBe("Invalid authentication credentials");
    expect(server.count(DEFINITIONS_PATH)).toBe(2);
    expect(server.count(TOKEN_PATH)).toBe(2);
  });
});

describe("the token exchange", () => {
  it("surfaces a refused exchange as AuthenticationError, without retrying it or calling the API", async () => {
    const client = clientFor(server, { clientSecret: "not-the-secret" });
    const error = await client.listSourceDefinitions().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as Error).message).not.toContain("not-the-secret");
    expect(server.count(TOKEN_PATH)).toBe(1);
    expect(server.count(DEFINITIONS_PATH)).toBe(0);
  });

  it("surfaces an exchange that keeps failing as ServerError after the retries", async () => {
    server.script(TOKEN_PATH, { status: 500 }, { status: 500 }, { status: 500 });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(server.count(TOKEN_PATH)).toBe(3);
  });

  it("surfaces an exchange answer that is not JSON as InvalidResponseError", async () => {
    server.script(TOKEN_PATH, { malformedJson: true });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.count(TOKEN_PATH)).toBe(1);
  });

  it("surfaces an exchange answer without access_token as InvalidResponseError", async () => {
    server.script(TOKEN_PATH, { tokenFields: { access_token: undefined } });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
  });
});

describe("a background refresh", () => {
  it("completes while sequential calls go on, each awaited before the next is sent", async () => {
    const client = clientFor(server);
    await client.listSourceDefinitions();
    // The refresh's answer takes longer than any one call, so it spans several of them.
    server.script(TOKEN_PATH, { slowBody: { pieces: 3, intervalMs: 50 } });
    const realNow = Date.now.bind(Date);
    // 860 s into the 900 s token: inside its refresh margin, still sent.
    vi.spyOn(Date, "now").mockImplementation(() => realNow() + 860_000);
    try {
      const started = performance.now();
      for (let call = 1; call < 500 && performance.now() - started < 5_000; call++) {
        await client.listSourceDefinitions();
        if (bearerOf(call) !== bearerOf(0)) break;
      }
    } finally {
      vi.restoreAllMocks();
    }
    expect(server.count(TOKEN_PATH)).toBe(2);
    expect(server.seen.at(-1)!.authorization).not.toBe(bearerOf(0));
  });
});

describe("nonsense lifetimes in the token response", () => {
  const FIFTEEN_MINUTES = 15 * 60_000;

  it.each([
    ["no expires_in", undefined],
    ["a negative one", -5],
    ["zero", 0],
    ["a string", "soon"],
    ["an absurd one", 1e12],
    ["null", null],
  ])(
    "falls back to the documented 15 minutes for %s, and the client keeps working on one token",
    async (_, expiresIn) => {
      server.script(TOKEN_PATH, { tokenFields: { expires_in: expiresIn } });
      const api = createClient<paths>({
        baseUrl: server.url,
        fetch: createTransport({ fetch: (request, init) => fetch(request, init) }),
      });
      // The clock the provider reads: a 15-minute token is at hand until its refresh margin
      // (the last 45 s) and no longer sent in its last 5 s. Neither look starts a refresh.
      let clock = Date.now();
      const tokens = createApplicationTokenProvider(
        api,
        { clientId: "fault-suite", clientSecret: CLIENT_SECRET },
        { now: () => clock },
      );
      const sentAt = clock;
      await tokens.getToken();
      if (!(tokens instanceof RefreshingToken)) throw new Error("expected a RefreshingToken");
      clock = sentAt + FIFTEEN_MINUTES - 45_001;
      expect(tokens.tokenAtHand()).toBeDefined();
      clock = sentAt + FIFTEEN_MINUTES - 5_000;
      expect(tokens.tokenAtHand()).toBeUndefined();

      server.clear();
      server.script(TOKEN_PATH, { tokenFields: { expires_in: expiresIn } });
      const client = clientFor(server);
      for (let i = 0; i < 3; i++) await expect(client.listSourceDefinitions()).resolves.toHaveLength(1);
      expect(server.count(TOKEN_PATH)).toBe(1);
    },
  );
});

describe("malformed answers", () => {
  it("throws InvalidResponseError for a body that is not JSON, without retrying a 200", async () => {
    server.script(DEFINITIONS_PATH, { malformedJson: true });
    const error = await clientFor(server)
      .listSourceDefinitions()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(server.count(DEFINITIONS_PATH)).toBe(1);
  });
});

it("raised no unhandled rejection", async () => {
  await settleDown();
  expect(unhandled).toEqual([]);
});

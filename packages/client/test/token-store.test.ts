import { describe, expect, it, vi } from "vitest";
import {
  InvalidArgumentError,
  RequestTimeoutError,
  type StoredToken,
  type TokenStore,
} from "../src/index.js";
import {
  clientFor,
  createFakeApi,
  INFO_PATH,
  SCOPED_PATH,
  SECRET,
  SOURCES_PATH,
  TOKEN_PATH,
} from "./helpers/fake-api.js";

/** A store in memory, with the lock, that records what it was given. */
function memoryStore() {
  const tokens = new Map<string, StoredToken>();
  const locks = new Set<string>();
  const store: TokenStore = {
    get: async (key) => tokens.get(key),
    set: async (key, token) => {
      tokens.set(key, token);
    },
    delete: async (key, token) => {
      if (tokens.get(key)?.token === token) tokens.delete(key);
    },
    lock: async (key) => {
      if (locks.has(key)) return undefined;
      locks.add(key);
      return { release: async () => void locks.delete(key) };
    },
  };
  return { store, tokens, locks };
}

describe("a shared token store", () => {
  it("makes one exchange and one mint per workspace for several clients at once", async () => {
    const api = createFakeApi();
    const { store } = memoryStore();
    const clients = Array.from({ length: 4 }, () => clientFor(api, { tokenStore: store }));
    const answers = await Promise.all(
      clients.flatMap((client) =>
        ["acme", "globex", "initech"].flatMap((name) => [
          client.GET(SOURCES_PATH),
          client.forWorkspace(name).GET(INFO_PATH),
        ]),
      ),
    );
    expect(answers.map((a) => a.response.status)).toEqual(answers.map(() => 200));
    expect(api.count(TOKEN_PATH)).toBe(1);
    expect(api.count(SCOPED_PATH)).toBe(3);
  });

  it("keeps tokens with their expiry under hashed keys that hold no secret", async () => {
    const api = createFakeApi();
    const { store, tokens } = memoryStore();
    await clientFor(api, { tokenStore: store }).forWorkspace("acme").GET(INFO_PATH);
    expect(tokens.size).toBe(2);
    for (const [key, value] of tokens) {
      expect(key).toMatch(/^agent-engine:[0-9a-f]{64}$/);
      expect(Object.keys(value).sort()).toEqual(["expiresAt", "token"]);
      expect(value.expiresAt).toBeGreaterThan(Date.now());
      expect(api.issued).toContain(value.token);
    }
    expect(JSON.stringify([...tokens])).not.toContain(SECRET);
    // Another organization or base URL never shares these tokens.
    const other = clientFor(api, {
      tokenStore: store,
      organizationId: "12345678-1234-1234-1234-123456789012",
    });
    await other.GET(SOURCES_PATH);
    expect(api.count(TOKEN_PATH)).toBe(2);
  });

  it("removes a refused token for everyone, and keeps a newer one", async () => {
    const api = createFakeApi();
    const { store, tokens } = memoryStore();
    const [a, b] = [clientFor(api, { tokenStore: store }), clientFor(api, { tokenStore: store })];
    await a.forWorkspace("acme").GET(INFO_PATH);
    await b.forWorkspace("acme").GET(INFO_PATH);
    const refused = api.issued[1]!;
    api.revoked.add(refused);
    expect((await a.forWorkspace("acme").GET(INFO_PATH)).response.status).toBe(200);
    expect([...tokens.values()].map((t) => t.token)).not.toContain(refused);
    // B is refused too, and takes A's new token instead of minting again.
    expect((await b.forWorkspace("acme").GET(INFO_PATH)).response.status).toBe(200);
    expect(api.count(SCOPED_PATH)).toBe(2);
    const newer = api.issued[2]!;
    await store.delete([...tokens.keys()][1]!, refused);
    expect([...tokens.values()].map((t) => t.token)).toContain(newer);
  });

  it("fails no call when the store fails, and reports it once", async () => {
    const api = createFakeApi();
    const failure = new Error("store down");
    const onTokenStoreError = vi.fn();
    const broken: TokenStore = {
      get: () => Promise.reject(failure),
      set: () => Promise.reject(failure),
      delete: () => Promise.reject(failure),
    };
    const client = clientFor(api, { tokenStore: broken, onTokenStoreError });
    const answers = await Promise.all([client.GET(SOURCES_PATH), client.forWorkspace("acme").GET(INFO_PATH)]);
    expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
    expect(onTokenStoreError).toHaveBeenCalledTimes(1);
    expect(onTokenStoreError).toHaveBeenCalledWith(failure);
  });

  it("stops waiting for a store that does not answer, within the client's timeout", async () => {
    const api = createFakeApi();
    const onTokenStoreError = vi.fn();
    const never = () => new Promise<never>(() => {});
    const client = clientFor(api, {
      tokenStore: { get: never, set: never, delete: never, lock: never },
      onTokenStoreError,
      timeoutMs: 100,
    });
    expect((await client.GET(SOURCES_PATH)).response.status).toBe(200);
    expect(onTokenStoreError).toHaveBeenCalledTimes(1);
    expect(String(onTokenStoreError.mock.calls[0]![0])).toContain("did not answer within 25 ms");
  });

  it("waits for the instance that holds the lock instead of exchanging too", async () => {
    const api = createFakeApi();
    const { store, tokens, locks } = memoryStore();
    const client = clientFor(api, { tokenStore: store });
    await client.GET(SOURCES_PATH);
    const [key, value] = [...tokens][0]!;
    tokens.clear();
    locks.add(key);
    const waiting = clientFor(api, { tokenStore: store }).GET(SOURCES_PATH);
    setTimeout(() => tokens.set(key, value), 100);
    expect((await waiting).response.status).toBe(200);
    expect(api.count(TOKEN_PATH)).toBe(1);
  });

  it("exchanges itself once a lock holder has given no token until the lock's expiry", async () => {
    const api = createFakeApi();
    const { store, locks } = memoryStore();
    const onTokenStoreError = vi.fn();
    const client = clientFor(api, { tokenStore: store, onTokenStoreError, timeoutMs: 200 });
    store.lock = async (key) => {
      locks.add(key);
      return undefined;
    };
    expect((await client.GET(SOURCES_PATH)).response.status).toBe(200);
    expect(api.count(TOKEN_PATH)).toBe(1);
    expect(String(onTokenStoreError.mock.calls[0]![0])).toContain("within 100 ms");
  });

  it("lets go of its lock once every call gave up on its exchange", async () => {
    const api = createFakeApi();
    const { store, locks } = memoryStore();
    api.on(TOKEN_PATH, () => new Promise<Response>(() => {}));
    const client = clientFor(api, { tokenStore: store, timeoutMs: 10_000 });
    await expect(client.GET(SOURCES_PATH, { timeoutMs: 100 })).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(locks.size).toBe(1);
    await vi.waitFor(() => expect(locks.size).toBe(0), { timeout: 2_000, interval: 10 });
  });

  it("stops looking for a lock holder's token once every call gave up", async () => {
    const api = createFakeApi();
    const { store, tokens, locks } = memoryStore();
    await clientFor(api, { tokenStore: store }).GET(SOURCES_PATH);
    const [key] = [...tokens.keys()];
    tokens.clear();
    locks.add(key!);
    const looks = vi.spyOn(store, "get");
    // It would look for the holder's token for up to the lock's 5 s, every 0.5 s at the slowest.
    const waiting = clientFor(api, { tokenStore: store, timeoutMs: 10_000 });
    await expect(waiting.GET(SOURCES_PATH, { timeoutMs: 100 })).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(looks).toHaveBeenCalled();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const looked = looks.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(looks).toHaveBeenCalledTimes(looked);
    expect(api.count(TOKEN_PATH)).toBe(1);
  });

  it("keeps sending its token inside the refresh margin while another instance refreshes", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-01-01T00:00:00Z") });
    try {
      const api = createFakeApi();
      const { store, locks, tokens } = memoryStore();
      const client = clientFor(api, { tokenStore: store });
      await client.GET(SOURCES_PATH);
      const [key] = [...tokens.keys()];
      locks.add(key!);
      // A 900 s token is refreshed from 45 s before its expiry and sent until 5 s before it.
      vi.setSystemTime(Date.now() + 880_000);
      const answers = await Promise.all([client.GET(SOURCES_PATH), client.GET(SOURCES_PATH)]);
      expect(answers.map((a) => a.response.status)).toEqual([200, 200]);
      expect(api.count(TOKEN_PATH)).toBe(1);
      // Once the holder has written its token, the next look at the store takes it.
      locks.delete(key!);
      vi.setSystemTime(Date.now() + 6_000);
      await client.GET(SOURCES_PATH);
      await vi.waitFor(() => expect(api.count(TOKEN_PATH)).toBe(2), { timeout: 5000, interval: 10 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("refuses a store without get, set and delete, and a hook that is not a function", () => {
    const api = createFakeApi();
    const store = memoryStore().store;
    expect(() => clientFor(api, { tokenStore: { get: store.get } as unknown as TokenStore })).toThrow(
      InvalidArgumentError,
    );
    expect(() => clientFor(api, { tokenStore: { ...store, lock: 1 } as unknown as TokenStore })).toThrow(
      /tokenStore.*get, set and delete/,
    );
    expect(() =>
      clientFor(api, { tokenStore: store, onTokenStoreError: "log" as unknown as () => void }),
    ).toThrow(/onTokenStoreError/);
    expect(api.sent).toHaveLength(0);
  });
});

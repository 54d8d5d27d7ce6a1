import type { StoredToken, TokenStore } from "@org/agent-engine-client";

/**
 * The commands the store sends, as a node-redis client (`createClient()` of `redis` 4.6 or
 * later) has them. Typed by shape, so this package never loads `redis` itself.
 */
export interface RedisCommands {
  get(key: string): Promise<unknown>;
  set(key: string, value: string, options: { PX: number; NX?: true }): Promise<unknown>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

// Compare-and-delete in one step: a token or a lock that another instance has replaced since
// stays. Tokens are JSON ({ token, expiresAt }); locks hold their holder's random id.
const DELETE_TOKEN = `local v = redis.call('GET', KEYS[1])
if v and cjson.decode(v).token == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;
const RELEASE_LOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A `TokenStore` of `@org/agent-engine-client` on Redis, for `createAgentEngineClient({ tokenStore })`: tokens expire
 * in Redis with their own expiry (`SET ... PX`), and the refresh lock is `SET ... NX PX`.
 * Whoever can read this Redis can act as the workspaces: keep it private (docs/tokens.md).
 */
export function createRedisTokenStore(redis: RedisCommands): TokenStore {
  return {
    async get(key) {
      const value = await redis.get(key);
      if (typeof value !== "string") return undefined;
      try {
        const { token, expiresAt } = JSON.parse(value) as StoredToken;
        return typeof token === "string" && typeof expiresAt === "number" ? { token, expiresAt } : undefined;
      } catch {
        return undefined;
      }
    },
    async set(key, { token, expiresAt }) {
      const ttl = Math.floor(expiresAt - Date.now());
      if (ttl > 0) await redis.set(key, JSON.stringify({ token, expiresAt }), { PX: ttl });
    },
    async delete(key, token) {
      await redis.eval(DELETE_TOKEN, { keys: [key], arguments: [token] });
    },
    async lock(key, ttlMs) {
      const lockKey = `${key}:lock`;
      const holder = crypto.randomUUID();
      const taken = await redis.set(lockKey, holder, { PX: Math.max(1, Math.ceil(ttlMs)), NX: true });
      if (taken !== "OK") return undefined;
      return {
        async release() {
          await redis.eval(RELEASE_LOCK, { keys: [lockKey], arguments: [holder] });
        },
      };
    },
  };
}

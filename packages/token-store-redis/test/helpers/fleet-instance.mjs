// One instance of a fleet, in a process of its own: the built client with the built Redis
// store. Forked with its settings as JSON in argv[2]; says "ready", waits for "go", calls
// every workspace at once (or the application's source definitions when it has none), and
// reports the answers' statuses and the store errors its hook saw.
import { createAgentEngineClient } from "@org/agent-engine-client";
import { API_PATHS } from "@org/agent-engine-types";
import { createClient } from "redis";
import { createRedisTokenStore } from "../../dist/index.js";

const { apiUrl, redisUrl, workspaces, timeoutMs, clientId, clientSecret } = JSON.parse(process.argv[2]);
const redis = createClient({ url: redisUrl });
// node-redis emits connection errors as events: without a listener they would end the process.
redis.on("error", () => {});
await redis.connect();
const storeErrors = [];
const client = createAgentEngineClient({
  clientId,
  clientSecret,
  baseUrl: apiUrl,
  timeoutMs,
  tokenStore: createRedisTokenStore(redis),
  onTokenStoreError: (error) => storeErrors.push(String(error)),
});

process.send({ type: "ready" });
await new Promise((resolve) => process.once("message", resolve));
const calls =
  workspaces.length > 0
    ? workspaces.map((name) => client.forWorkspace(name).GET(API_PATHS.scopedTokenInfo))
    : [client.GET(API_PATHS.sourceDefinitions)];
const statuses = await Promise.all(
  calls.map((call) =>
    call.then(
      ({ response }) => response.status,
      (error) => String(error),
    ),
  ),
);
process.send({ type: "done", statuses, storeErrors });
await redis.quit();
process.disconnect();

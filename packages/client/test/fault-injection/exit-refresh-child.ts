// Run in a child process by process-exit.test.ts: a call whose token is in its refresh margin
// starts a background refresh, and the server stalls that exchange's body with 60 s to go. Once
// the calls settle it must exit on its own: no call is left to use the refresh, so it is
// cancelled. It prints when, from its own clock.
import { createAgentEngineClient } from "../../src/index.js";

const client = createAgentEngineClient({
  clientId: "fault-suite",
  clientSecret: process.env.FAULT_CLIENT_SECRET!,
  baseUrl: process.env.FAULT_SERVER_URL!,
});

await client.listSourceDefinitions();
// 860 s into the token's 900: inside the refresh margin (the last 45 s), before the last 18 s.
const realNow = Date.now.bind(Date);
Date.now = () => realNow() + 860_000;
await client.listSourceDefinitions();
const settledAt = performance.now();
process.on("exit", () => {
  process.stdout.write(`${JSON.stringify({ settledAt, exitedAt: performance.now() })}\n`);
});

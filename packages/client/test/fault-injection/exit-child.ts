// Run in a child process by process-exit.test.ts: a few calls that retry, sleep and get
// aborted, with the default 60-second timeout. Once they settle it prints when, and then
// must exit on its own: any timer or socket left behind would keep it alive.
import { createAgentEngineClient } from "../../src/index.js";

const client = createAgentEngineClient({
  clientId: "fault-suite",
  clientSecret: process.env.FAULT_CLIENT_SECRET!,
  baseUrl: process.env.FAULT_SERVER_URL!,
  retry: { baseDelayMs: 20, maxDelayMs: 80 },
});

const outcome = (work: Promise<unknown>) =>
  work.then(
    () => "ok",
    (error: Error) => error.name,
  );

const outcomes: string[] = [];
// The server answers 503 first: one retry, then success.
outcomes.push(await outcome(client.listSourceDefinitions()));
// The server answers 429 with Retry-After: 30; the caller gives up during the sleep.
const sleeping = new AbortController();
setTimeout(() => sleeping.abort(), 100);
outcomes.push(await outcome(client.listSourceDefinitions({}, { signal: sleeping.signal })));
// The server hangs; the caller gives up during the attempt, long before its 60-second timeout.
const hanging = new AbortController();
setTimeout(() => hanging.abort(), 100);
outcomes.push(await outcome(client.listSourceDefinitions({}, { signal: hanging.signal })));
process.stdout.write(`${JSON.stringify({ settledAt: Date.now(), outcomes })}\n`);

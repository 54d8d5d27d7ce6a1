// Run in a child process by process-exit.test.ts, against a server that stalls (hangs, stalled
// and trickling bodies) every request it was told to: every entry point, at its own path with
// the default 60-second timeout and a caller who gives up, at the token exchange with attempts
// that time out, and at an exchange with the default timeout that every caller gives up on. It
// prints, from its own clock, when the last call settled and when the process exited: any timer
// or socket left behind would hold the exit.
import { createAgentEngineClient } from "../../src/index.js";
import { ENTRY_POINTS } from "./entry-points.js";

const clientWith = (timeoutMs?: number) =>
  createAgentEngineClient({
    clientId: "fault-suite",
    clientSecret: process.env.FAULT_CLIENT_SECRET!,
    baseUrl: process.env.FAULT_SERVER_URL!,
    retry: { baseDelayMs: 20, maxDelayMs: 80, maxRetries: 1 },
    timeoutMs,
  });
const outcome = (work: Promise<unknown>) =>
  work.then(
    () => "ok",
    (error: Error) => error.name,
  );

// Holds its application token (the server answers its exchange normally first).
const patient = clientWith();
await patient.GET("/api/v1/account/applications/scoped-token/info");

const ownPaths = ENTRY_POINTS.flatMap(([, , , call]) =>
  [1, 2, 3].map(() => outcome(call(patient, { signal: AbortSignal.timeout(300) }))),
);
// Each of these waits longer than the exchange it needs, so it settles when that exchange gives up.
const atExchanges = [clientWith(200), clientWith(200), clientWith(200)].flatMap((client) =>
  ENTRY_POINTS.map(([, , , call]) => outcome(call(client, { timeoutMs: 5_000 }))),
);
// Its exchange hangs, with 60 s to go: every call leaves it, by its signal or by its timeoutMs.
const abandoned = clientWith();
const atAbandonedExchange = ENTRY_POINTS.flatMap(([, , , call]) => [
  outcome(call(abandoned, { signal: AbortSignal.timeout(300) })),
  outcome(call(abandoned, { timeoutMs: 300 })),
]);
const outcomes = await Promise.all([...ownPaths, ...atExchanges, ...atAbandonedExchange]);
const settledAt = performance.now();
process.on("exit", () => {
  process.stdout.write(`${JSON.stringify({ outcomes, settledAt, exitedAt: performance.now() })}\n`);
});

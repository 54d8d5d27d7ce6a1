// Process-level checks for the fault suite: no unhandled rejection while a file runs.
import { afterAll, beforeAll } from "vitest";
import { createAgentEngineClient, type AgentEngineClientOptions } from "../../src/index.js";
import { CLIENT_SECRET, type FaultServer } from "./fault-server.js";

/** Collects every unhandled rejection raised while the calling file runs. */
export function collectUnhandledRejections(): unknown[] {
  const collected: unknown[] = [];
  const listener = (reason: unknown) => collected.push(reason);
  beforeAll(() => {
    process.on("unhandledRejection", listener);
  });
  afterAll(() => {
    process.off("unhandledRejection", listener);
  });
  return collected;
}

/** Gives late failures (abandoned attempts, closed sockets) the time to surface. */
export function settleDown(ms = 100): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Small delays so that the whole suite runs in seconds. */
export function clientFor(server: FaultServer, options: AgentEngineClientOptions = {}) {
  return createAgentEngineClient({
    clientId: "fault-suite",
    clientSecret: CLIENT_SECRET,
    baseUrl: server.url,
    retry: { baseDelayMs: 20, maxDelayMs: 80 },
    timeoutMs: 2_000,
    ...options,
  });
}

/** The gaps between consecutive arrivals, in ms. */
export function gaps(times: number[]): number[] {
  return times.slice(1).map((time, index) => time - times[index]!);
}

/** Time a promise takes to settle, and its outcome. */
export async function timed<T>(work: Promise<T>): Promise<{ ms: number; value?: T; error?: unknown }> {
  const started = performance.now();
  try {
    const value = await work;
    return { ms: performance.now() - started, value };
  } catch (error) {
    return { ms: performance.now() - started, error };
  }
}

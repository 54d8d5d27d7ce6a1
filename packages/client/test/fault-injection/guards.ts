// Process-level checks for the fault suite: no unhandled rejection while a file runs.
import { afterAll, beforeAll, beforeEach } from "vitest";
import { createAgentEngineClient, type AgentEngineClientOptions } from "../../src/index.js";
import { CLIENT_SECRET, startFaultServer, type FaultServer } from "./fault-server.js";

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

/**
 * A fault server for the calling file: started before its tests, cleared before each one and
 * closed after them. The object stands for the server from the moment the file is loaded.
 */
export function useFaultServer(): FaultServer {
  let server: FaultServer | undefined;
  const started = (): FaultServer => {
    if (!server) throw new Error("the fault server starts in beforeAll: use it inside a test or a hook");
    return server;
  };
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  beforeEach(() => {
    started().clear();
  });
  return {
    get url() {
      return started().url;
    },
    get seen() {
      return started().seen;
    },
    count: (path) => started().count(path),
    script: (path, ...faults) => started().script(path, ...faults),
    revokeAll: () => started().revokeAll(),
    clear: () => started().clear(),
    close: () => started().close(),
  };
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

/** The timers and sockets that keep this process alive (the fault server's own do not). */
export function keepingAlive(): string[] {
  return process.getActiveResourcesInfo().filter((type) => type === "Timeout" || type === "TCPSocketWrap");
}

/** What keeps the process alive now beyond `baseline`, of `types`. */
export function beyond(baseline: string[], types = ["Timeout", "TCPSocketWrap"]): string[] {
  const extra = keepingAlive().filter((type) => types.includes(type));
  for (const type of baseline) if (extra.includes(type)) extra.splice(extra.indexOf(type), 1);
  return extra;
}

/**
 * What keeps the process alive beyond `baseline` once closing sockets have had up to `ms` to
 * close: empty when a settled call left nothing behind. Polled, bounded in turns and time.
 */
export async function leftBehind(baseline: string[], ms = 1_000): Promise<string[]> {
  const started = performance.now();
  for (let turn = 0; ; turn++) {
    const extra = beyond(baseline);
    if (extra.length === 0 || turn >= 200 || performance.now() - started > ms) return extra;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

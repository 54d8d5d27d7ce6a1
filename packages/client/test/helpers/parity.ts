// The two sides of openapi-fetch-parity.test.ts: bare openapi-fetch with a bearer middleware,
// and the client, both pointed at the same echo server; plus what the scenarios share.
import { createHook } from "node:async_hooks";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "@org/agent-engine-types";
import { createAgentEngineClient, type FetchLike } from "../../src/index.js";
import type { EchoServer, SeenRequest } from "./echo-server.js";

export type Api = Client<paths>;

export interface Variant {
  name: string;
  /** A fresh client on `server`, sending with `fetch` when given (the platform's otherwise). */
  create(server: EchoServer, fetch?: FetchLike): Api;
  /** The Authorization header every call must carry on the wire. */
  bearer(server: EchoServer): string;
}

export const BARE_TOKEN = "bare-openapi-fetch-token";

export const bareOpenapiFetch: Variant = {
  name: "bare openapi-fetch + bearer middleware",
  create(server, fetch) {
    const client = createClient<paths>({ baseUrl: server.url, ...(fetch ? { fetch } : {}) });
    const bearer: Middleware = {
      onRequest({ request }) {
        request.headers.set("Authorization", `Bearer ${BARE_TOKEN}`);
        return request;
      },
    };
    client.use(bearer);
    // The bearer middleware stays last of the client's middleware, as the client sends its
    // token after all middleware: a middleware that replaces the request's headers (as
    // `new Request(request, { headers })` does) must not drop the token on either side.
    return {
      ...client,
      use(...middleware) {
        client.eject(bearer);
        client.use(...middleware, bearer);
      },
    };
  },
  bearer: () => `Bearer ${BARE_TOKEN}`,
};

export const PARITY_SECRET = "parity-suite-secret";

export const agentEngineClient: Variant = {
  name: "createAgentEngineClient",
  create(server, fetch) {
    return createAgentEngineClient({
      clientId: "parity-suite",
      clientSecret: PARITY_SECRET,
      baseUrl: server.url,
      ...(fetch ? { fetch } : {}),
    });
  },
  bearer: (server) => `Bearer ${server.issued.at(-1) ?? "(no token issued)"}`,
};

/** What the server saw of one call, with the variant's own token written `<bearer>` so that both sides compare. */
export function onTheWire(seen: SeenRequest | undefined, bearer: string) {
  if (seen === undefined) return undefined;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(seen.headers)) {
    if (name.startsWith("x-") || name === "content-type" || name === "foo") headers[name] = value;
  }
  const authorization = seen.headers.authorization;
  return {
    method: seen.method,
    path: seen.path,
    search: seen.search,
    authorization: authorization === bearer ? "<bearer>" : (authorization ?? null),
    headers,
    body: seen.body,
  };
}

export type Settled<T> =
  | { status: "fulfilled"; value: T }
  | { status: "rejected"; error: unknown }
  | { status: "pending" };

/** How `work` stands after at most `ms`: a bound on a wait, not a timing assertion. */
export async function settleWithin<T>(work: Promise<T>, ms: number): Promise<Settled<T>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<Settled<T>>((resolve) => {
    timer = setTimeout(() => resolve({ status: "pending" }), ms);
  });
  try {
    return await Promise.race([
      work.then(
        (value): Settled<T> => ({ status: "fulfilled", value }),
        (error: unknown): Settled<T> => ({ status: "rejected", error }),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How the stream behaves once the caller aborted: errored, ended, or still giving data after `ms`. */
export async function readOnAfterAbort(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  ms: number,
): Promise<Settled<"ended">> {
  const deadline = performance.now() + ms;
  // Bounded in count too: the trickle sends 60 chunks.
  for (let read = 0; read < 1_000; read++) {
    const left = deadline - performance.now();
    if (left <= 0) break;
    const step = await settleWithin(reader.read(), left);
    if (step.status !== "fulfilled") return step;
    if (step.value.done) return { status: "fulfilled", value: "ended" };
  }
  return { status: "pending" };
}

interface TimerHandle {
  hasRef(): boolean;
  /** Node's own mark of a timer that was cleared or has fired (and will not fire again). */
  _destroyed?: boolean;
}

/**
 * Watches the timers created from now on; `stop()` counts those still pending and ref'd, the
 * ones that would keep a process alive. Only timers created in the window count: a count of
 * all the process's timers moves with the test runner's own.
 */
export function watchTimers(): { stop(): number } {
  const created: TimerHandle[] = [];
  const hook = createHook({
    init(_id, type, _trigger, resource) {
      if (type === "Timeout") created.push(resource as TimerHandle);
    },
  }).enable();
  return {
    stop() {
      hook.disable();
      return created.filter((timer) => timer._destroyed !== true && timer.hasRef()).length;
    },
  };
}

/** True when `error` is `expected` or was caused by it (the client wraps what fetch throws in typed errors). */
export function reaches(error: unknown, expected: unknown): boolean {
  for (
    let depth = 0, current = error;
    depth < 4 && typeof current === "object" && current !== null;
    depth++
  ) {
    if (current === expected) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

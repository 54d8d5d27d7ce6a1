// A fetch that plays a script, one step per attempt, and records what each attempt sent and when.
import type { FetchLike } from "../../src/index.js";

export type Step =
  | { status: number; body?: string; headers?: Record<string, string> }
  | { throws: unknown }
  /** Never answers; rejects with the signal's reason when aborted, as fetch does. */
  | { hang: true }
  /** Never answers and ignores its signal, like a badly written custom fetch. */
  | { hangDeaf: true; lateResponse?: Response }
  /** Answers headers at once, then a body that never ends. */
  | { stallBody: true };

export interface SentAttempt {
  method: string;
  url: string;
  headers: Headers;
  body: string;
  /** Date.now() when the attempt was sent (fake time under fake timers). */
  at: number;
  /** Own keys the attempt's Request carried (per-call options). */
  expandos: Record<string, unknown>;
  signal: AbortSignal;
}

export interface ScriptedFetch {
  fetch: FetchLike;
  attempts: SentAttempt[];
  /** Called when a stalled body was cancelled or a deaf fetch's late answer was dropped. */
  released: string[];
}

export function refused(code = "ECONNREFUSED"): { throws: unknown } {
  return {
    throws: new TypeError("fetch failed", {
      cause: Object.assign(new Error(`connect ${code} 10.0.0.1:443`), { code }),
    }),
  };
}

export function scriptedFetch(steps: Step[]): ScriptedFetch {
  const attempts: SentAttempt[] = [];
  const released: string[] = [];
  let next = 0;
  const fetch: FetchLike = async (given, init) => {
    // What the platform's fetch sends: the request with the init laid over it.
    const request = new Request(given, init);
    const signal = request.signal;
    const expandos: Record<string, unknown> = {};
    for (const key of Object.keys(given)) expandos[key] = (given as unknown as Record<string, unknown>)[key];
    const sentAt = Date.now();
    const body = await request.text();
    attempts.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body,
      at: sentAt,
      expandos,
      signal,
    });
    const step = steps[Math.min(next++, steps.length - 1)];
    if (step === undefined) throw new Error("the script is empty");
    if ("throws" in step) throw step.throws;
    if ("hang" in step) {
      return new Promise<Response>((_, reject) => {
        signal.addEventListener("abort", () => reject(signal.reason), { once: true });
      });
    }
    if ("hangDeaf" in step) {
      return new Promise<Response>((resolve) => {
        if (step.lateResponse) setTimeout(() => resolve(step.lateResponse!), 10_000);
      });
    }
    if ("stallBody" in step) {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"partial":'));
          // Like the platform's fetch, an abort of the request's signal errors its body.
          signal.addEventListener(
            "abort",
            () => {
              released.push("stalled body");
              controller.error(signal.reason);
            },
            { once: true },
          );
        },
        cancel() {
          released.push("stalled body");
        },
      });
      return new Response(stream, { status: 200, headers: { "content-type": "application/json" } });
    }
    return new Response(step.body ?? (step.status === 204 ? null : JSON.stringify({ status: step.status })), {
      status: step.status,
      headers: { "content-type": "application/json", ...step.headers },
    });
  };
  return { fetch, attempts, released };
}

export const BASE = "https://api.example.test";
export const TOKEN_PATH = "/api/v1/account/applications/token";
export const SCOPED_PATH = "/api/v1/account/applications/scoped-token";
export const WIDGET_PATH = "/api/v1/account/applications/widget-token";
export const DEFINITIONS_PATH = "/api/v1/integrations/definitions/sources";

export function get(path = DEFINITIONS_PATH, init: RequestInit = {}): Request {
  return new Request(BASE + path, init);
}

export function post(path: string, body: unknown, init: RequestInit = {}): Request {
  return new Request(BASE + path, {
    method: "POST",
    body: JSON.stringify(body),
    headers: { "content-type": "application/json" },
    ...init,
  });
}

/** Puts a per-call option on a request the way openapi-fetch does with unknown init keys. */
export function withOverrides<T extends Record<string, unknown>>(request: Request, overrides: T): Request {
  Object.assign(request, overrides);
  return request;
}

import type { AgentEngineApi } from "../http.js";

/**
 * The init key that tells the transport a call came without a signal. openapi-fetch copies
 * init keys it does not know onto its Request, as it does `timeoutMs` and `retry`; a
 * middleware's `new Request(...)` has no such key, so the transport listens to its signal.
 */
const NO_CALLER_SIGNAL = "agentEngineNoCallerSignal";

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

type Init = { signal?: AbortSignal | null; [NO_CALLER_SIGNAL]?: boolean } | undefined;

/**
 * The call's init, noting whether it carries a signal. The note is always the client's own:
 * a caller's stray key of that name cannot make the transport ignore a signal.
 */
function noteCallerSignal(init: Init): Init {
  if (init?.signal != null)
    return init[NO_CALLER_SIGNAL] === undefined ? init : { ...init, [NO_CALLER_SIGNAL]: false };
  return { ...init, [NO_CALLER_SIGNAL]: true };
}

/**
 * `api` with each request method noting the calls made without a signal. Such a call's Request
 * has a signal that can never fire, and listening to it is what a call costs most on Node 20
 * after the attempt's own signal (docs/performance.md): the transport skips it.
 */
export function noteCallsWithoutSignal(api: AgentEngineApi): AgentEngineApi {
  const noted: Record<string, unknown> = { ...api };
  for (const method of METHODS) {
    const send = api[method] as (url: unknown, init: Init) => unknown;
    noted[method] = (url: unknown, init: Init) => send(url, noteCallerSignal(init));
  }
  const request = api.request as (method: unknown, url: unknown, init: Init) => unknown;
  noted.request = (method: unknown, url: unknown, init: Init) => request(method, url, noteCallerSignal(init));
  return noted as unknown as AgentEngineApi;
}

/** False only for a Request built for a call that came without a signal. */
export function callerMayAbort(request: Request): boolean {
  return (request as unknown as Record<string, unknown>)[NO_CALLER_SIGNAL] !== true;
}

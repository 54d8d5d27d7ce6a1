/**
 * Gives `to` the own keys of `from`: openapi-fetch puts per-call options it does not know
 * (`timeoutMs`, `retry`) on the Request as plain properties, and every copy of the request
 * (an attempt, a 401 replay) must carry them on to the transport.
 */
export function withOwnKeys<T extends Request>(from: Request, to: T): T {
  for (const key of Object.keys(from)) {
    (to as unknown as Record<string, unknown>)[key] = (from as unknown as Record<string, unknown>)[key];
  }
  return to;
}

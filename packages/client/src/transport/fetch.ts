import { ConnectionError } from "../errors.js";
import { abortedError } from "../auth/token-source.js";

export type FetchLike = (request: Request) => Promise<Response>;

/**
 * The fetch openapi-fetch calls: it turns failures without an HTTP answer into this
 * client's typed errors.
 */
export function createTransport(options: { fetch: FetchLike }): FetchLike {
  const send = options.fetch;
  return async function transport(request: Request): Promise<Response> {
    try {
      return await send(request);
    } catch (error) {
      if (request.signal.aborted) throw abortedError(request.signal);
      const url = request.url.split("?")[0];
      const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      throw new ConnectionError(`${request.method} ${url} got no answer: ${reason}`, { cause: error });
    }
  };
}

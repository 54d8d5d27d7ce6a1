import { discard } from "../http.js";
import { ConnectionError } from "../errors.js";
import { describeTarget } from "./attempt.js";

/** As many redirects as the platform's fetch follows. */
const MAX_REDIRECTS = 20;
/** Headers about a body, dropped with the body when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-encoding", "content-language", "content-location", "content-type"];

type SendOne = (target: Request | string, init: RequestInit) => Promise<Response>;

/**
 * Follows `response`'s redirects as the platform's fetch would, but only within the origin the
 * request was sent to: the token and the body (the client secret, for the token exchange) never
 * go anywhere else. A redirect to another origin is the answer, handed back unfollowed. Each hop
 * sends the bytes the transport holds, which the platform's own follow cannot re-send on Node 20
 * (`detached ArrayBuffer` on a 307 or 308 with a body).
 */
export async function followSameOrigin(
  request: Request,
  init: RequestInit,
  response: Response,
  sendOne: SendOne,
): Promise<Response> {
  if (response.type === "opaqueredirect") {
    discard(response);
    // A browser hides where a redirect goes, so it cannot be checked: it is not followed.
    throw new ConnectionError(
      `${describeTarget(request)} was redirected to a place the platform hides: not followed`,
    );
  }
  const origin = new URL(request.url).origin;
  let url = request.url;
  let { method } = request;
  let hop = init;
  for (let hops = 0; isRedirect(response.status); hops++) {
    const location = response.headers.get("location");
    const target = location === null ? undefined : new URL(location, url);
    if (target === undefined || target.origin !== origin) return response;
    discard(response);
    if (hops === MAX_REDIRECTS)
      throw new ConnectionError(`${describeTarget(request)} was redirected more than ${MAX_REDIRECTS} times`);
    if (response.status === 303 ? method !== "HEAD" : response.status <= 302 && method === "POST") {
      // As fetch does: the request becomes a GET without its body.
      method = "GET";
      const headers = new Headers(hop.headers);
      for (const name of BODY_HEADERS) headers.delete(name);
      hop = { ...hop, body: undefined, headers };
    }
    url = target.href;
    hop = { ...hop, method };
    response = await sendOne(url, hop);
  }
  return response;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

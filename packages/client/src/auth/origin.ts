import { InvalidArgumentError } from "../errors.js";
import { describeValue } from "../validate.js";

const ORIGIN_RULE =
  "it must be an exact origin: http:// or https://, a host, an optional port, and nothing else";
const LABEL = "[a-z0-9](?:[a-z0-9-]*[a-z0-9])?";
const ORIGIN = /* @__PURE__ */ new RegExp(
  `^(https?)://(${LABEL}(?:\\.${LABEL})*|\\[[0-9a-f:.]+\\])(?::(\\d{1,5}))?$`,
);

/**
 * Checks a widget token's `allowedOrigin` before any request: the browser compares it to the
 * page's origin exactly, so anything but scheme, host and port would never match. Returns the
 * origin as a browser writes it: without the scheme's default port.
 */
export function validateAllowedOrigin(value: unknown): string {
  const argument = "allowedOrigin";
  if (typeof value !== "string")
    throw new InvalidArgumentError(argument, `${ORIGIN_RULE} (got no string)`, describeValue(value));
  const problem = originProblem(value);
  if (problem) throw new InvalidArgumentError(argument, `${ORIGIN_RULE}; ${problem}`, describeValue(value));
  // A browser's Origin header leaves out its scheme's default port, so the origin must too to match.
  return value.replace(/^(https:\/\/.*):443$|^(http:\/\/.*):80$/, "$1$2");
}

function originProblem(value: string): string | undefined {
  if (value === "") return "it is empty";
  if (/\s/.test(value)) return "it contains whitespace";
  if (value.includes("*")) return "wildcards are not allowed";
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(value);
  if (!scheme) return "it has no scheme (start with https://)";
  if (value !== value.toLowerCase()) return "write it in lowercase, as browsers send origins";
  if (!/^https?$/.test(scheme[1]!)) return `the scheme must be http or https, not ${scheme[1]}`;
  const rest = value.slice(scheme[0].length);
  if (rest.includes("@")) return "user info (user@host) is not allowed";
  if (rest === "") return "it has no host";
  if (rest.endsWith("/") && !rest.slice(0, -1).includes("/")) return "it has a trailing slash";
  if (rest.includes("/")) return "a path is not allowed";
  if (rest.includes("?")) return "a query is not allowed";
  if (rest.includes("#")) return "a fragment is not allowed";
  const match = ORIGIN.exec(value);
  if (!match) return "the host or port is malformed";
  const port = match[3];
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
    return "the port must be from 1 to 65535";
  return undefined;
}

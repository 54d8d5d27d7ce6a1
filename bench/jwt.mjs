// Tokens the bench server issues: real JWTs (base64url JSON header and payload, HMAC-SHA256
// signature) whose `exp` is a fractional NumericDate, so expiry is exact to the millisecond
// and a 2-second token is not cut short by rounding. Stateless: 100,000 minted tokens cost the
// issuer no memory.
import { createHmac, randomBytes } from "node:crypto";

const KEY = randomBytes(32);
const HEADER = base64url(JSON.stringify({ alg: "HS256", typ: "JWT" }));

function base64url(text) {
  return Buffer.from(text).toString("base64url");
}

function sign(unsigned) {
  return createHmac("sha256", KEY).update(unsigned).digest("base64url");
}

/** A signed token of `kind` ("application" or "scoped") that expires `lifetimeMs` after `now`. */
export function issueJwt({ kind, subject, lifetimeMs, now = Date.now() }) {
  const payload = base64url(
    JSON.stringify({ kind, sub: subject, iat: now / 1000, exp: (now + lifetimeMs) / 1000 }),
  );
  const unsigned = `${HEADER}.${payload}`;
  return `${unsigned}.${sign(unsigned)}`;
}

/** The claims of a token this process signed, or undefined for anything else. */
export function verifyJwt(token) {
  const parts = token.split(".");
  if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
  if (sign(`${parts[0]}.${parts[1]}`) !== parts[2]) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

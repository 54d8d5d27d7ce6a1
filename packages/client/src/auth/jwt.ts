import { MAX_LIFETIME, SECOND } from "./tokens.js";

/**
 * The `exp` claim of a JWT as epoch ms, when the token is a JWT whose expiry lies in the
 * believable future. The signature is not checked: the value only schedules a refresh.
 */
export function jwtExpiry(token: string, now: number): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  const claims = parseJson(decodeBase64(payload));
  if (typeof claims !== "object" || claims === null) return undefined;
  const exp = (claims as { exp?: unknown }).exp;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return undefined;
  const expiresAt = exp * SECOND;
  return expiresAt > now && expiresAt - now <= MAX_LIFETIME ? expiresAt : undefined;
}

/** Decodes standard or URL-safe base64, padded or not; undefined when it is not base64. */
export function decodeBase64(text: string): string | undefined {
  const standard = text.replace(/-/g, "+").replace(/_/g, "/");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  try {
    const binary = atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, "="));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

export function parseJson(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

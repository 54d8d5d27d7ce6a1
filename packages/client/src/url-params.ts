import { createQuerySerializer, defaultPathSerializer } from "openapi-fetch";
import { InvalidArgumentError } from "./errors.js";
import { describeValue } from "./validate.js";

/** A UTF-16 surrogate without its other half: no URL can carry it, so encoding it throws. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const WELL_FORMED_RULE = "it must be well-formed Unicode text, without a lone UTF-16 surrogate";

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

const serializeQuery = /* @__PURE__ */ createQuerySerializer();

/**
 * openapi-fetch's default serializers, with the platform's `URIError` for a value no URL can
 * carry turned into an InvalidArgumentError naming it. Checked only when encoding fails, so a
 * call with good values pays nothing.
 */
export function querySerializer(query: Record<string, unknown>): string {
  return encodeChecked("params.query", query, () => serializeQuery(query));
}

export function pathSerializer(url: string, params: Record<string, unknown>): string {
  return encodeChecked("params.path", params, () => defaultPathSerializer(url, params));
}

function encodeChecked(where: string, params: Record<string, unknown>, encode: () => string): string {
  try {
    return encode();
  } catch (error) {
    const culprit = error instanceof URIError ? findLoneSurrogate(params, where) : undefined;
    if (!culprit) throw error;
    throw new InvalidArgumentError(culprit.path, WELL_FORMED_RULE, describeValue(culprit.value));
  }
}

function findLoneSurrogate(
  value: unknown,
  path: string,
  depth = 0,
): { path: string; value: string } | undefined {
  if (typeof value === "string") return hasLoneSurrogate(value) ? { path, value } : undefined;
  if (typeof value !== "object" || value === null || depth > 5) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findLoneSurrogate(
      inner,
      Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`,
      depth + 1,
    );
    if (found) return found;
  }
  return undefined;
}

import { InvalidArgumentError, truncate } from "./errors.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a value reads in an error message: short, and never the content of a secret. */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(truncate(value, 80));
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}

/** For secrets: says what kind of value it is, never what it contains. */
export function describeSecret(value: unknown): string {
  if (typeof value === "string")
    return value === "" ? "(an empty string)" : `(a string of ${value.length} characters)`;
  return `(${value === null ? "null" : typeof value})`;
}

export function requireNonEmptyString(argument: string, value: unknown, secret = false): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw new InvalidArgumentError(
      argument,
      "it must be a non-empty string",
      secret ? describeSecret(value) : describeValue(value),
    );
  }
  return value;
}

export function requireString(argument: string, value: unknown): string {
  if (typeof value !== "string")
    throw new InvalidArgumentError(argument, "it must be a string", describeValue(value));
  return value;
}

export function optionalUuid(argument: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !UUID.test(value)) {
    throw new InvalidArgumentError(
      argument,
      "it must be a UUID such as 12345678-1234-1234-1234-123456789012",
      describeValue(value),
    );
  }
  return value;
}

export function optionalStringArray(argument: string, value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== "string" || item === "")) {
    throw new InvalidArgumentError(
      argument,
      "it must be an array of non-empty strings",
      describeValue(value),
    );
  }
  return value;
}

export function optionalOneOf<T extends string>(
  argument: string,
  value: unknown,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(
      argument,
      `it must be one of ${allowed.map((a) => `"${a}"`).join(", ")}`,
      describeValue(value),
    );
  }
  return value as T;
}

export function requireObject(argument: string, value: unknown): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new InvalidArgumentError(argument, "it must be an object", describeValue(value));
  }
}

/** A UTF-16 surrogate without its other half: no URL can carry it, so encoding it throws. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const WELL_FORMED_RULE = "it must be well-formed Unicode text, without a lone UTF-16 surrogate";

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

const URL_RULE = "it must be an http or https URL without credentials, query or fragment";

/** `text` with a URL's user and password (whatever stands before the host's `@`) masked. */
function withoutUserInfo(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, "$1***@");
}

/** A base URL, without its trailing slashes. Its credentials, if any, are never quoted. */
export function requireHttpUrl(argument: string, value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === "string" ? new URL(value) : undefined;
  } catch {
    url = undefined;
  }
  // An empty query or fragment ("https://host/?") leaves `search` and `hash` empty, so look at the text.
  if (
    !url ||
    url.username ||
    url.password ||
    (url.protocol !== "http:" && url.protocol !== "https:") ||
    /[?#]/.test(value as string)
  ) {
    throw new InvalidArgumentError(
      argument,
      URL_RULE,
      describeValue(typeof value === "string" ? withoutUserInfo(value) : value),
    );
  }
  return url.href.replace(/\/+$/, "");
}

export function requireBoolean(argument: string, value: unknown): boolean {
  if (typeof value !== "boolean")
    throw new InvalidArgumentError(argument, "it must be true or false", describeValue(value));
  return value;
}

export function requireCount(argument: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(argument, "it must be a whole number, 0 or more", describeValue(value));
  }
  return value;
}

/** The longest delay a timer can wait: beyond it, setTimeout fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export function requireDuration(argument: string, value: unknown, minimum = 0): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < minimum || value > MAX_TIMER_MS) {
    throw new InvalidArgumentError(
      argument,
      `it must be a number of milliseconds from ${minimum} to ${MAX_TIMER_MS}`,
      describeValue(value),
    );
  }
  return value;
}

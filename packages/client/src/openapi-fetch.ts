import openapiFetch from "openapi-fetch";

/**
 * openapi-fetch's `createClient`, whichever build loads this file. Our CommonJS build
 * imports openapi-fetch's CommonJS file with Node's interop (this package is
 * `"type": "module"`), which hands over the whole module object, whose `default` is
 * createClient. Only running the built CommonJS file shows it; tests/consumer does.
 */
export const createClient: typeof openapiFetch = /* @__PURE__ */ unwrapDefault(openapiFetch);

function unwrapDefault(imported: typeof openapiFetch): typeof openapiFetch {
  return typeof imported === "function"
    ? imported
    : (imported as unknown as { default: typeof openapiFetch }).default;
}

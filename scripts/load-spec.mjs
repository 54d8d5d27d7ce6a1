// Loads the split spec as one dereferenced-by-bundle document, the way the generators see it.
import { bundle, createConfig } from "@redocly/openapi-core";

export const SPEC_PATH = new URL("../spec/openapi.yaml", import.meta.url).pathname;

export async function loadBundledSpec(path = SPEC_PATH, { dereference = true } = {}) {
  const config = await createConfig({}, {});
  const { bundle: result, problems } = await bundle({ ref: path, config, dereference });
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length > 0)
    throw new Error(`The spec does not bundle: ${errors.map((p) => p.message).join("; ")}`);
  return result.parsed;
}

const METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/**
 * Every operation of the document as { method, path, operation, parameters (its path's too,
 * `$ref`s resolved), success (its lowest 2xx status) }.
 */
export function listOperations(document) {
  const resolve = (p) => (p.$ref ? document.components.parameters[p.$ref.split("/").pop()] : p);
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((method) => item[method]).map((method) => ({
      method,
      path,
      operation: item[method],
      parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])].map(resolve),
      success: Object.keys(item[method].responses ?? {})
        .filter((status) => /^2\d\d$/.test(status))
        .sort()[0],
    })),
  );
}

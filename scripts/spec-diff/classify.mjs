// Classifies the changes between two bundled OpenAPI documents with api-smart-diff.
import { apiCompare } from "api-smart-diff";

/** The kinds api-smart-diff gives, in the order a report lists them. */
export const CHANGE_TYPES = ["breaking", "deprecated", "non-breaking", "annotation", "unclassified"];

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);
const PAST_TENSE = { add: "Added", remove: "Removed", replace: "Replaced", rename: "Renamed" };

/**
 * @param {object} before the released document
 * @param {object} after the document in the working tree
 * @returns {{ type: string, action: string, path: string[], where: string, description: string }[]}
 *   `where` names the operation (`POST /x`) or the component the change is in.
 */
export function classifySpecChanges(before, after) {
  const { diffs } = apiCompare(before, after);
  return diffs.map((diff) => {
    const path = diff.path.map(String);
    const { where, rest } = locate(path);
    return {
      type: CHANGE_TYPES.includes(diff.type) ? diff.type : "unclassified",
      action: diff.action,
      path,
      where,
      // Changes under `components` come without a description: say what changed where.
      description: diff.description ?? describe(diff, rest),
    };
  });
}

function locate(path) {
  if (path[0] === "paths" && path.length >= 3 && METHODS.has(path[2])) {
    return { where: `${path[2].toUpperCase()} ${path[1]}`, rest: path.slice(3) };
  }
  if (path[0] === "paths" && path.length >= 2) return { where: path[1], rest: path.slice(2) };
  if (path[0] === "components" && path.length >= 3)
    return { where: path.slice(0, 3).join("."), rest: path.slice(3) };
  return { where: path.slice(0, 1).join("."), rest: path.slice(1) };
}

function describe(diff, rest) {
  const field = rest.length > 0 ? rest.join(".") : "(itself)";
  const value = (v) => (v === undefined ? "" : truncate(JSON.stringify(v)));
  const change =
    diff.action === "remove"
      ? `${field} (was ${value(diff.before)})`
      : diff.action === "add"
        ? `${field} = ${value(diff.after)}`
        : `${field}: ${value(diff.before)} -> ${value(diff.after)}`;
  return `[${PAST_TENSE[diff.action] ?? diff.action}] ${change}`;
}

const truncate = (text = "") => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

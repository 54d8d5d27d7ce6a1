// Classifies the changes between two bundled OpenAPI documents with api-smart-diff.
import { apiCompare } from "api-smart-diff";

/** The kinds api-smart-diff gives, in the order a report lists them. */
export const CHANGE_TYPES = ["breaking", "deprecated", "non-breaking", "annotation", "unclassified"];

const METHODS = new Set(["get", "put", "post", "delete", "patch", "head", "options", "trace"]);
const PAST_TENSE = { add: "Added", remove: "Removed", replace: "Replaced", rename: "Renamed" };

/**
 * @param {object} before the released document
 * @param {object} after the document in the working tree
 * @returns {{ type: string, action: string, path: string[], where: string, names: string[], description: string }[]}
 *   `where` names the operation (`POST /x`) or the component the change is in; `names` are the
 *   words a changeset may name it by (the path and operationId, or the component's name).
 */
export function classifySpecChanges(before, after) {
  const { diffs } = apiCompare(before, after);
  const paths = diffs.map((diff) => diff.path.map(String));
  return diffs.map((diff, index) => {
    const path = paths[index];
    const { where, rest } = locate(path);
    return {
      type: reclassify(diff, path, paths),
      action: diff.action,
      path,
      where,
      names: namesOf(path, diff, before),
      // Changes under `components` come without a description: say what changed where.
      description: (path.at(-1) === "operationId" ? undefined : diff.description) ?? describe(diff, rest),
    };
  });
}

/** api-smart-diff's verdict, corrected where the generated types and the client see otherwise. */
function reclassify(diff, path, allPaths) {
  // The client's resources and `operations` are keyed by operationId; typed calls name the path's
  // parameters (a path renamed for its parameter comes as a `rename` of `paths`).
  if (path.at(-1) === "operationId" || (path.length === 1 && path[0] === "paths")) return "breaking";
  if (path.at(-1) === "name" && path.at(-3) === "parameters") return "breaking";
  if (isNullableNarrowing(diff) && onlyInAnswers(path, allPaths)) return "non-breaking";
  return CHANGE_TYPES.includes(diff.type) ? diff.type : "unclassified";
}

/** `null` taken out of a field's types: an answer that never holds `null` still fits code that checks for it. */
function isNullableNarrowing({ action, before, after }) {
  if (action === "replace" && Array.isArray(before) && before.includes("null")) {
    const rest = before.filter((type) => type !== "null");
    const now = [after].flat();
    return now.length === rest.length && rest.every((type) => now.includes(type));
  }
  return action === "remove" && before?.type === "null";
}

/** In an answer only: the change itself, or every use of its component that the diff lists. */
function onlyInAnswers(path, allPaths) {
  const inRequest = (p) => p.includes("requestBody") || p.includes("parameters");
  if (path[0] === "paths") return path.includes("responses") && !inRequest(path);
  const inner = path.slice(3).join(".");
  const uses = allPaths.filter((p) => p[0] === "paths" && p.join(".").endsWith(`.${inner}`));
  return uses.length > 0 && uses.every((p) => p.includes("responses") && !inRequest(p));
}

function namesOf(path, diff, before) {
  if (path[0] === "components") return [path[2]];
  if (path[0] !== "paths") return [path[0]];
  if (path.length === 1) return [diff.before, diff.after].filter(Boolean).map(String);
  const operationId = METHODS.has(path[2]) ? before.paths?.[path[1]]?.[path[2]]?.operationId : undefined;
  return [path[1], operationId].filter(Boolean);
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

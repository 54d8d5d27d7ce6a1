// `node scripts/provider-diff.mjs PROVIDER.json [SPEC]`: what spec/ lacks or refuses next to a provider's
// OpenAPI document (operations, parameters, fields, types, null, enum values, required fields, limits
// on what a request may send), each difference marked explained when spec/ carries an
// `x-provider-difference` note on it or above it. Exits 1 while a difference is unexplained. On
// demand only (it needs the document).
import { listOperations, loadBundledSpec } from "./load-spec.mjs";

// Both bundled with their `$ref`s resolved, so a schema is at hand wherever it is used.
const theirs = await loadBundledSpec(process.argv[2]);
const ours = await loadBundledSpec(process.argv[3]);
const found = [];
const report = (where, what, note) => found.push({ where, what, note });

/** A schema with anyOf/oneOf/allOf folded into one: types, enum, properties, required. */
function shape(schema = {}) {
  const every = (schema.allOf ?? []).map(shape);
  const some = (schema.anyOf ?? schema.oneOf ?? []).map(shape);
  const parts = [...every, ...some];
  const named = [
    schema.enum ?? [],
    "const" in schema ? [schema.const] : [],
    ...parts.map((p) => [...(p.enum ?? [])]),
  ];
  const types = new Set([schema.type ?? [], ...parts.map((p) => [...p.types])].flat(2));
  if (named.flat().includes(null)) types.add("null");
  const required = [schema.required ?? [], ...every.map((p) => [...p.required])];
  const additional = schema.additionalProperties;
  const ownLimits = Object.fromEntries(LIMITS.filter((k) => k in schema).map((k) => [k, schema[k]]));
  if (some.length) required.push([...intersect(some.map((p) => p.required))]);
  return {
    types,
    enum: named.flat().length ? new Set(named.flat().filter((value) => value !== null)) : undefined,
    properties: Object.assign({}, schema.properties, ...parts.map((p) => p.properties)),
    required: new Set(required.flat()),
    closed: additional === false,
    items: schema.items ?? parts.find((p) => p.items)?.items,
    values: typeof additional === "object" ? additional : parts.find((p) => p.values)?.values,
    limits: Object.assign({}, ...parts.map((p) => p.limits), ownLimits),
  };
}
const LIMITS = ["format", "pattern", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"];
const intersect = ([first, ...rest]) => new Set([...first].filter((x) => rest.every((set) => set.has(x))));

function compare(where, ourRaw, theirRaw, request, note, depth = 0) {
  note = ourRaw?.["x-provider-difference"] ?? note;
  const a = shape(ourRaw);
  const t = shape(theirRaw);
  const say = (what) => report(where, what, note);
  const loose = (types) => new Set([...types].map((type) => (type === "integer" ? "number" : type)));
  const [ourTypes, theirTypes] = [loose(a.types), loose(t.types)];
  // A query string cannot carry null: a nullable parameter only means it may be left out.
  if (ourTypes.size && theirTypes.has("null") && !ourTypes.has("null") && request !== "parameter")
    say("does not allow null");
  for (const type of theirTypes)
    if (ourTypes.size && type !== "null" && !ourTypes.has(type)) say(`does not allow type ${type}`);
  for (const value of t.enum ?? []) if (a.enum && !a.enum.has(value)) say(`lacks enum value ${value}`);
  if (a.enum && !t.enum && theirTypes.size)
    say(`allows only ${[...a.enum].join(", ")}, the provider any value`);
  if (request)
    for (const [limit, value] of Object.entries(a.limits))
      if (t.limits[limit] !== value) say(`adds ${limit} ${value}, which the provider does not set`);
  for (const name of a.required)
    if (!t.required.has(name)) say(`requires ${name}, which the provider does not`);
  if (!request)
    for (const name of t.required)
      if (!a.required.has(name) && name in a.properties)
        say(`leaves ${name} optional, which the provider requires`);
  if (depth > 6) return;
  for (const [name, schema] of Object.entries(t.properties)) {
    if (name in a.properties)
      compare(`${where}.${name}`, a.properties[name], schema, request, note, depth + 1);
    else say(request && a.closed ? `refuses field ${name}` : `does not type field ${name}`);
  }
  if (t.items && a.items) compare(`${where}[]`, a.items, t.items, request, note, depth + 1);
  if (t.values && a.values) compare(`${where}{}`, a.values, t.values, request, note, depth + 1);
}

const index = new Map(listOperations(ours).map((entry) => [`${entry.method} ${entry.path}`, entry]));
const json = (part) => part?.content?.["application/json"]?.schema;
for (const { method, path, operation, ...their } of listOperations(theirs)) {
  const id = `${method.toUpperCase()} ${path}`;
  const mine = index.get(`${method} ${path}`);
  if (!mine) {
    report(id, "lacks this operation");
    continue;
  }
  const note = mine.operation["x-provider-difference"];
  for (const parameter of their.parameters) {
    const match = mine.parameters.find(
      (p) => p.in === parameter.in && p.name.toLowerCase() === parameter.name.toLowerCase(),
    );
    const where = `${id} ${parameter.in} ${parameter.name}`;
    if (!match) report(where, "lacks this parameter", note);
    else if (Boolean(match.required) !== Boolean(parameter.required))
      report(where, `${match.required ? "requires" : "leaves optional"} it, the provider not`, note);
    else compare(where, match.schema, parameter.schema, "parameter", match["x-provider-difference"] ?? note);
  }
  if (json(operation.requestBody))
    compare(`${id} body`, json(mine.operation.requestBody), json(operation.requestBody), true, note);
  if (their.success !== mine.success)
    report(id, `answers ${mine.success}, the provider ${their.success}`, note);
  for (const [status, answer] of Object.entries(operation.responses ?? {})) {
    const ourAnswer = json(mine.operation.responses[status === their.success ? mine.success : status]);
    if (json(answer) && ourAnswer) compare(`${id} ${status}`, ourAnswer, json(answer), false, note);
  }
}

const line = ({ where, what, note }) =>
  `  ${where}: ${what}${note ? ` (spec/ says why: ${note.trim().split("\n")[0]}...)` : ""}`;
const unexplained = found.filter((difference) => !difference.note);
const explained = found.filter((difference) => difference.note);
console.log(explained.map(line).join("\n"));
if (unexplained.length === 0) console.log(`spec/ differs from ${process.argv[2]} only where spec/ says why.`);
else
  console.error(
    `${unexplained.length} difference(s) spec/ does not explain:\n${unexplained.map(line).join("\n")}`,
  );
process.exitCode = unexplained.length ? 1 : 0;

// The resource methods a person reads: from the spec (not dereferenced, so bodies and answers
// keep their schema names) and the client's table (packages/client/src/resources/table.ts),
// one interface per resource group and token, each method with its signature and a doc comment
// (packages/client/src/generated/resources.ts), and the same list as api.md. The runtime still
// builds the methods from the table; a type test holds the two equal.
import { join } from "node:path";
import { tsImport } from "tsx/esm/api";
import { listOperations, loadBundledSpec } from "./load-spec.mjs";

const SCHEMES = { ApplicationToken: "", ScopedToken: "Workspace" };
const WHO = {
  ApplicationToken: "`client` (the application token)",
  ScopedToken: "`client.forWorkspace(name)`",
};
const pascal = (text) =>
  text.replace(/(^|[_-])(\w)/g, (_, __, c) => c.toUpperCase()).replace(/^Oauth/, "OAuth");
const camel = (text) => text.replace(/_(\w)/g, (_, c) => c.toUpperCase());
const schemaName = (schema) => schema?.$ref?.match(/^#\/components\/schemas\/(.+)$/)?.[1];
const usedTypes = new Set();
function named(name) {
  usedTypes.add(name);
  return name;
}

/** A schema as a type of the types package: its name, a union of names, or `fallback`. */
function typeOf(schema, fallback) {
  const options = schema?.anyOf ?? schema?.oneOf;
  if (options?.every(schemaName)) return options.map((option) => named(schemaName(option))).join(" | ");
  if (schemaName(schema)) return named(schemaName(schema));
  usedTypes.add("operations");
  return fallback;
}

/** The table's groups, each after its subgroups: its path, its methods with their operations, its subgroups. */
function describe(document, tableModule, specPath) {
  const byId = new Map(listOperations(document).map((entry) => [entry.operation.operationId, entry]));
  const groups = [];
  const walk = (table, path) => {
    const group = { path, methods: [], children: [] };
    for (const [name, leaf] of Object.entries(table)) {
      if (typeof leaf === "object" && !("operation" in leaf))
        group.children.push(walk(leaf, [...path, name]));
      else {
        // A leaf that is a string is the operationId alone.
        const { operation: id = leaf, answer = "json", items } = leaf;
        if (!byId.has(id))
          throw new Error(`${specPath} has no operation ${id} (${[...path, name].join(".")})`);
        group.methods.push({ name, answer, items, id, ...byId.get(id) });
      }
    }
    groups.push(group);
    return group;
  };
  walk(tableModule, []);
  return groups;
}

function signature(document, method) {
  const { operation, answer, id, parameters, success } = method;
  const args = parameters.filter((p) => p.in === "path").map((p) => `${camel(p.name)}: string`);
  const body = operation.requestBody?.content?.["application/json"]?.schema;
  const query = parameters.filter((p) => p.in === "query");
  if (body)
    args.push(
      `body: ${typeOf(body, `NonNullable<operations["${id}"]["requestBody"]>["content"]["application/json"]`)}`,
    );
  else if (query.length > 0)
    args.push(`query${query.some((p) => p.required) ? "" : "?"}: ${named(`${pascal(id)}Query`)}`);
  args.push("init?: CallOptions");
  const json = operation.responses[success]?.content?.["application/json"]?.schema;
  const page = json
    ? typeOf(json, `operations["${id}"]["responses"][${success}]["content"]["application/json"]`)
    : "void";
  const itemSchema = document.components.schemas[schemaName(json)]?.properties?.[method.items]?.items;
  // Functions: only the answer's own kind may name (and so import) a type.
  const result = {
    json: () => `Promise<${page}>`,
    nextUrl: () => `PageIterable<${typeOf(itemSchema, `${page}["${method.items}"][number]`)}, ${page}>`,
    cursorParam: () => `AsyncIterable<${page}>`,
    bytes: () => "Promise<Response>",
  }[answer]();
  return `${method.name}(${args.join(", ")}): ${result}`;
}

const RETRIES = "Retried after a timeout, a lost connection, a 408, 429 or 5xx (a GET is safe to repeat).";
const NOT_RETRIED =
  "Sent once: not retried after it may have reached the server, unless\n`retry.retryNonIdempotent` is set for the call.";
const ANSWERS = {
  nextUrl: (m) =>
    `Lazy: iterate for the \`${m.items}\` items, or \`.pages()\` for the pages, which follow\nthe answer's \`next\` URL.`,
  cursorParam: () =>
    "Lazy: each page sends the same body again with `params.cursor` set from the answer's\n`connector_metadata`.",
  bytes: () => "Resolves with the raw `Response` (its body unread) once its status is a success.",
  json: () => "",
};

function docComment(method, indent) {
  const { operation } = method;
  const accepts = (operation.security ?? []).flatMap(Object.keys).map((s) => WHO[s] ?? s);
  const text = [
    `${operation.summary ?? method.id}.`,
    ANSWERS[method.answer](method),
    operation.description?.trim(),
    // Relative to the method's page in the built site (docs-site/ts/interfaces/).
    `[\`${method.method.toUpperCase()} ${method.path}\`](../../http/index.html#operation/${method.id}) in the HTTP reference (operation \`${method.id}\`).`,
    `Callable from ${accepts.join(" and from ")}.\n${method.method === "get" ? RETRIES : NOT_RETRIED}`,
  ]
    .filter(Boolean)
    .join("\n\n")
    .replaceAll("*/", "*\\/");
  const lines = text.split("\n").map((line) => `${indent} *${line ? ` ${line}` : ""}`);
  return `${indent}/**\n${lines.join("\n")}\n${indent} */`;
}

// `definitions.sources` reads `SourceDefinitionsResource`; the root is `ApplicationResources`.
const interfaceName = (path, scheme) =>
  path.length === 0
    ? `${SCHEMES[scheme] || "Application"}Resources`
    : `${SCHEMES[scheme]}${path.length === 1 ? pascal(path[0]) : pascal(path[1]).replace(/s$/, "") + pascal(path[0])}Resource`;

function resourcesModule(document, groups) {
  const blocks = [];
  const names = new Map();
  const nameOf = (scheme, path) => names.get(`${scheme} ${path.join(".")}`);
  for (const scheme of Object.keys(SCHEMES)) {
    for (const group of groups) {
      const key = group.path.join(".");
      const methods = group.methods.filter((m) => (m.operation.security ?? []).some((r) => scheme in r));
      const children = group.children.filter((child) => nameOf(scheme, child.path));
      if (methods.length === 0 && children.length === 0) continue;
      // A group a scoped token sees whole is the same interface as the application's.
      const sameAsApplication =
        scheme !== "ApplicationToken" &&
        group.path.length > 0 &&
        methods.length === group.methods.length &&
        children.every((c) => nameOf(scheme, c.path) === nameOf("ApplicationToken", c.path));
      const name = sameAsApplication
        ? nameOf("ApplicationToken", group.path)
        : interfaceName(group.path, scheme);
      names.set(`${scheme} ${key}`, name);
      if (sameAsApplication) continue;
      const members = [
        ...children.map((c) => `  readonly ${c.path.at(-1)}: ${nameOf(scheme, c.path)};`),
        ...methods.map((m) => `${docComment(m, "  ")}\n  ${signature(document, m)};`),
      ];
      const owner = scheme === "ApplicationToken" ? "client" : "client.forWorkspace(name)";
      const where = `\`${[owner, key].filter(Boolean).join(".")}\``;
      const about = group.path.length === 0 ? `The resource groups on ${where}` : `The methods of ${where}`;
      blocks.push(
        `/** ${about} ([guide](../../../../docs/resources.md)). */\nexport interface ${name} {\n${members.join("\n")}\n}`,
      );
    }
  }
  return blocks;
}

export async function resourceOutputs({ specPath, repoRoot }) {
  const document = await loadBundledSpec(specPath, { dereference: false });
  const table = join(repoRoot, "packages/client/src/resources/table.ts");
  const { RESOURCES } = await tsImport(table, import.meta.url);
  const groups = describe(document, RESOURCES, specPath);
  usedTypes.clear();
  const blocks = resourcesModule(document, groups);
  const types = [...usedTypes].sort();
  const header = `// Generated by scripts/generate-resources.mjs from spec/openapi.yaml and resources/table.ts.
// Do not edit: change the table or the spec and run \`pnpm generate\`.

import type {\n${types.map((t) => `  ${t},`).join("\n")}\n} from "@org/agent-engine-types";
import type { PageIterable } from "../resources/pages.js";
import type { CallOptions } from "../options.js";
`;
  return {
    "packages/client/src/generated/resources.ts": `${header}\n${blocks.join("\n\n")}\n`,
    "api.md": apiMarkdown(document, groups),
  };
}

function apiMarkdown(document, groups) {
  const sections = groups
    .filter((g) => g.methods.length > 0)
    .map((group) => {
      const rows = group.methods.map((m) => {
        const scoped = (m.operation.security ?? []).some((r) => "ScopedToken" in r)
          ? " (also on `forWorkspace`)"
          : "";
        const call = `client.${[...group.path, ""].join(".")}${signature(document, m)}`;
        return `- <code>${call.replace(/</g, "&lt;").replace(/>/g, "&gt;")}</code>\n  \`${m.method.toUpperCase()} ${m.path}\`${scoped}: ${m.operation.summary ?? m.id}`;
      });
      return `## ${group.path.join(".")}\n\n${rows.join("\n")}`;
    });
  return `<!-- Generated by scripts/generate-resources.mjs from the spec and resources/table.ts: run \`pnpm generate\`. -->

# API

Every resource method of \`@org/agent-engine-client\`: its signature, the HTTP call it makes and
its summary. \`init\` takes \`{ signal, timeoutMs, retry }\`; the types come from
\`@org/agent-engine-types\`. Source definitions are listed by \`client.listSourceDefinitions(query?)\`.
Guide: [docs/resources.md](docs/resources.md).

${sections.join("\n\n")}
`;
}

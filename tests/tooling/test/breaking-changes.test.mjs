// The breaking-change guard on a throwaway git repository: the release is found in git history,
// and a break of the spec or of an API report needs a major changeset that names it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { breakingChanges, classifySpecChanges, lastRelease } from "../../../scripts/breaking-changes.mjs";

/** One operation answering a shared schema whose `id` is `idSchema`, and one to remove. */
function spec(idSchema = { type: "string" }) {
  const answer = (schema) => ({ 200: { description: "OK", content: { "application/json": { schema } } } });
  const parameters = [{ name: "id", in: "path", required: true, schema: { type: "string" } }];
  const widget = { $ref: "#/components/schemas/Widget" };
  return {
    openapi: "3.1.0",
    info: { title: "Fixture", version: "1.0.0" },
    paths: {
      "/widgets/{id}": { get: { operationId: "getWidget", parameters, responses: answer(widget) } },
      "/widgets/count": { get: { operationId: "countWidgets", responses: answer({ type: "integer" }) } },
    },
    components: { schemas: { Widget: { type: "object", required: ["id"], properties: { id: idSchema } } } },
  };
}
const breaking = (before, after) => classifySpecChanges(before, after).filter((c) => c.type === "breaking");
const apiReport = (name) => `\`\`\`ts\n// @public\nexport class ${name} extends ApiError {\n}\n\`\`\`\n`;

let repo;
const IDENTITY = ["-c", "user.name=t", "-c", "user.email=t@example.com"];
const git = (...args) => execFileSync("git", [...IDENTITY, ...args], { cwd: repo, encoding: "utf8" }).trim();
const write = (path, text) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), typeof text === "string" ? text : JSON.stringify(text));
};
const commit = (message) => {
  git("add", "-A");
  git("commit", "-q", "-m", message);
  return git("rev-parse", "HEAD");
};
const changeset = (file, name, text, bump = "major") =>
  write(`.changeset/${file}.md`, `---\n"${name}": ${bump}\n---\n\n${text}\n`);

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "breaking-changes-"));
  git("init", "-q");
  write("packages/types/package.json", { name: "@org/agent-engine-types", version: "0.1.0" });
  write("packages/client/package.json", { name: "@org/agent-engine-client", version: "0.1.0" });
  write("packages/client/etc/client.api.md", apiReport("RateLimitError"));
  write("spec/openapi.yaml", spec()); // JSON is YAML
  write(".changeset/config.json", {});
  commit("first");
  write("packages/types/CHANGELOG.md", "## 0.1.0\n");
  write("packages/client/CHANGELOG.md", "## 0.1.0\n");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

it("calls a removed operation, a renamed operationId or path parameter, and a widened answer breaking; a narrowed one not", () => {
  const after = spec();
  delete after.paths["/widgets/count"];
  after.paths["/widgets/{id}"].get.operationId = "fetchWidget";
  expect(breaking(spec(), after).map((c) => c.names)).toEqual([
    ["/widgets/{id}", "getWidget"],
    ["/widgets/count", "countWidgets"],
  ]);
  const renamed = spec();
  renamed.paths["/widgets/{widget_id}"] = renamed.paths["/widgets/{id}"];
  delete renamed.paths["/widgets/{id}"];
  renamed.paths["/widgets/{widget_id}"].get.parameters[0].name = "widget_id";
  expect(breaking(spec(), renamed)).not.toEqual([]);
  expect(classifySpecChanges(spec({ type: ["string", "null"] }), spec())).not.toEqual([]);
  expect(breaking(spec({ type: ["string", "null"] }), spec())).toEqual([]);
  expect(breaking(spec(), spec({ type: ["string", "null"] }))).not.toEqual([]);
});

it("fails on a removed operation or a renamed export until a major changeset for its package names it", async () => {
  commit("Version packages");
  const after = spec();
  delete after.paths["/widgets/count"];
  write("spec/openapi.yaml", after);
  write("packages/client/etc/client.api.md", apiReport("TooManyRequestsError"));
  const unannounced = async () => (await breakingChanges(repo)).unannounced;
  expect(await unannounced()).toEqual([
    expect.stringContaining("remove paths./widgets/count.get"),
    expect.stringContaining("export RateLimitError"),
  ]);
  // A minor, a major about something else or a major of the other package covers neither.
  changeset("minor", "@org/agent-engine-types", "`countWidgets` is gone.", "minor");
  changeset("other", "@org/agent-engine-types", "`Widget.name` is optional.");
  changeset("package", "@org/agent-engine-types", "`RateLimitError` is renamed.");
  expect(await unannounced()).toHaveLength(2);
  changeset("count", "@org/agent-engine-types", "`countWidgets` is gone.");
  changeset("rename", "@org/agent-engine-client", "`RateLimitError` is `TooManyRequestsError`.");
  expect(await unannounced()).toEqual([]);
});

it("takes the release from the highest tag, else from the commit that wrote the version's CHANGELOG heading; refuses a shallow clone", () => {
  write("packages/types/CHANGELOG.md", "## 0.1.0\n\n- First relase.\n");
  const release = commit("Version packages");
  write("packages/types/CHANGELOG.md", "## 0.1.0\n\n- First release.\n");
  const typo = commit("typo");
  expect(lastRelease(repo, "packages/types").commit).toBe(release);
  git("tag", "@org/agent-engine-types@1.1.0", "HEAD~1");
  git("tag", "@org/agent-engine-types@1.2.0");
  write("README.md", "later\n");
  commit("later");
  expect(lastRelease(repo, "packages/types")).toMatchObject({
    commit: typo,
    reason: "tag @org/agent-engine-types@1.2.0",
  });
  // A shallow clone cannot tell its last release.
  const shallow = join(repo, "shallow");
  execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo}`, shallow]);
  expect(() => lastRelease(shallow, "packages/types")).toThrow(/shallow.*fetch-depth: 0/);
});

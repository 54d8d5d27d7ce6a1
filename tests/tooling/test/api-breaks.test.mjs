// The public API guard on a throwaway git repository: a renamed export, with its report updated,
// still needs a major changeset for its package that names it.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { changedExports, checkApiBreaks } from "../../../scripts/api-breaks.mjs";

const report = (errorName) =>
  `\`\`\`ts\n\n// @public\nexport class ${errorName} extends ApiError {\n    readonly retryAfterMs?: number;\n}\n\n// @public\nexport const VERSION: string;\n\n\`\`\`\n`;
let repo;
const write = (path, text) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};
const git = (...args) =>
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], { cwd: repo });
const check = () => checkApiBreaks(repo, "packages/client", "etc/client.api.md");

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "api-breaks-"));
  git("init", "-q");
  write(
    "packages/client/package.json",
    JSON.stringify({ name: "@org/agent-engine-client", version: "0.1.0" }),
  );
  write("packages/client/CHANGELOG.md", "## 0.1.0\n");
  write("packages/client/etc/client.api.md", report("RateLimitError"));
  git("add", "-A");
  git("commit", "-q", "-m", "Version packages");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("checkApiBreaks", () => {
  it("fails on an export renamed since the release, report updated, until a major changeset names it", () => {
    write("packages/client/etc/client.api.md", report("TooManyRequestsError"));
    expect(check()).toMatchObject({
      ok: false,
      report: expect.arrayContaining([expect.stringContaining(": RateLimitError.")]),
    });
    write(
      ".changeset/other.md",
      '---\n"@org/agent-engine-client": major\n---\n\n`timeoutMs` ends at the headers.\n',
    );
    write(
      ".changeset/types.md",
      '---\n"@org/agent-engine-types": major\n---\n\n`RateLimitError` is now...\n',
    );
    expect(check().ok).toBe(false);
    write(
      ".changeset/rename.md",
      '---\n"@org/agent-engine-client": major\n---\n\n`RateLimitError` is `TooManyRequestsError`.\n',
    );
    expect(check().ok).toBe(true);
  });

  it("passes an added export without a changeset", () => {
    write(
      "packages/client/etc/client.api.md",
      report("RateLimitError").replace("```\n", "export const ADDED: 1;\n```\n"),
    );
    expect(check().ok).toBe(true);
  });
});

describe("changedExports", () => {
  it("names the export a changed member belongs to, and ignores comments", () => {
    const after = report("RateLimitError")
      .replace("retryAfterMs?: number", "retryAfterMs: number")
      .replace("// @public\nexport const", "// @beta\nexport const");
    expect(changedExports(report("RateLimitError"), after)).toEqual(["RateLimitError"]);
  });
});

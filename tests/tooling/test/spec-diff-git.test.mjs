// End to end on small throwaway git repositories: the release is found in git history, its
// spec is bundled from there and compared with the working tree's.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findReleaseBase } from "../../../scripts/spec-diff/release-base.mjs";
import { diffAgainstRelease } from "../../../scripts/spec-diff/run.mjs";
import { smallSpec, widgetBody } from "./spec-fixture.mjs";

let repo;
const git = (...args) =>
  execFileSync("git", ["-c", "user.name=test", "-c", "user.email=test@example.com", ...args], {
    cwd: repo,
    encoding: "utf8",
  }).trim();
const write = (path, text) => {
  mkdirSync(join(repo, path, ".."), { recursive: true });
  writeFileSync(join(repo, path), text);
};
// JSON is YAML, so the bundler reads it as the spec.
const writeSpec = (spec) => write("spec/openapi.yaml", JSON.stringify(spec, null, 2));
const commit = (message) => {
  git("add", "-A");
  git("commit", "-q", "-m", message);
  return git("rev-parse", "HEAD");
};

beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "spec-diff-"));
  git("init", "-q");
  write(
    ".changeset/config.json",
    JSON.stringify({ fixed: [["@org/agent-engine-types", "@org/agent-engine-client"]] }),
  );
  write("packages/types/package.json", JSON.stringify({ name: "@org/agent-engine-types", version: "0.1.0" }));
  writeSpec(smallSpec());
  commit("first");
});
afterEach(() => rmSync(repo, { recursive: true, force: true }));

describe("findReleaseBase", () => {
  it("takes the commit that wrote the current version's CHANGELOG heading, not a later edit of the CHANGELOG", () => {
    write("packages/types/CHANGELOG.md", "## 0.1.0\n\n- First relase.\n");
    const release = commit("Version packages");
    write("packages/types/CHANGELOG.md", "## 0.1.0\n\n- First release.\n");
    commit("typo in the CHANGELOG");
    write("README.md", "later\n");
    commit("later work");
    expect(findReleaseBase(repo)).toMatchObject({ commit: release });
  });

  it("prefers the highest release tag of the types package", () => {
    git("tag", "@org/agent-engine-types@1.1.0");
    write("README.md", "released\n");
    const tagged = commit("release 1.2.0");
    git("tag", "@org/agent-engine-types@1.2.0");
    write("packages/types/CHANGELOG.md", "## 1.3.0\n");
    commit("changelog after the tag");
    expect(findReleaseBase(repo)).toEqual({ commit: tagged, reason: "tag @org/agent-engine-types@1.2.0" });
  });
});

describe("diffAgainstRelease", () => {
  beforeEach(() => {
    write("packages/types/CHANGELOG.md", "## 0.1.0\n");
    commit("Version packages");
  });

  it("still fails on a breaking change after a later CHANGELOG edit, with no release tag", async () => {
    const spec = smallSpec();
    delete spec.paths["/widgets/count"];
    writeSpec(spec);
    commit("drop the count");
    write("packages/types/CHANGELOG.md", "## 0.1.0\n\nFixed a typo.\n");
    commit("typo");
    expect((await diffAgainstRelease(repo)).ok).toBe(false);
  });

  it("fails on an operation removed since the release, committed or not, until a major changeset covers it", async () => {
    const spec = smallSpec();
    delete spec.paths["/widgets/count"];
    writeSpec(spec);
    const uncommitted = await diffAgainstRelease(repo);
    expect(uncommitted.ok).toBe(false);
    expect(uncommitted.report.join("\n")).toContain(
      "GET /widgets/count: [Removed] operation GET /widgets/count",
    );

    commit("drop the count");
    expect((await diffAgainstRelease(repo)).ok).toBe(false);

    write(
      ".changeset/drop-count.md",
      '---\n"@org/agent-engine-types": major\n---\n\n`countWidgets` is gone.\n',
    );
    expect((await diffAgainstRelease(repo)).ok).toBe(true);
  });

  it("passes an optional field added since the release", async () => {
    const spec = smallSpec();
    widgetBody(spec).properties.size = { type: "integer" };
    writeSpec(spec);
    const { ok, changes } = await diffAgainstRelease(repo);
    expect(ok).toBe(true);
    expect(changes.map((c) => c.type)).toEqual(["non-breaking"]);
  });
});

describe("a shallow clone", () => {
  it("is refused with the way out, instead of passing for a release", () => {
    write("packages/types/CHANGELOG.md", "## 0.1.0\n");
    commit("Version packages");
    write("README.md", "later\n");
    commit("later work");
    const shallow = mkdtempSync(join(tmpdir(), "spec-diff-shallow-"));
    try {
      execFileSync("git", ["clone", "-q", "--depth", "1", `file://${repo}`, shallow], { encoding: "utf8" });
      expect(() => findReleaseBase(shallow)).toThrow(/shallow.*fetch-depth: 0/);
    } finally {
      rmSync(shallow, { recursive: true, force: true });
    }
  });
});

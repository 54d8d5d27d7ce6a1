import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseReleases } from "../../../scripts/spec-diff/changesets.mjs";
import { judge } from "../../../scripts/spec-diff/run.mjs";

const removal = {
  type: "breaking",
  action: "remove",
  path: ["paths", "/w", "get"],
  where: "GET /w",
  names: ["/w", "listWidgets"],
  description: "[Removed] operation GET /w",
};
const addition = {
  type: "non-breaking",
  action: "add",
  path: ["paths", "/v", "get"],
  where: "GET /v",
  names: ["/v"],
  description: "[Added] operation GET /v",
};

describe("parseReleases", () => {
  it("reads each package's bump from the front matter, quoted or not", () => {
    const text =
      '---\n"@org/agent-engine-types": major\n@org/agent-engine-client: minor\n---\n\nmajor: not front matter\n';
    expect(parseReleases(text)).toEqual({
      "@org/agent-engine-types": "major",
      "@org/agent-engine-client": "minor",
    });
  });
});

describe("judge", () => {
  let repo;
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), "judge-"));
    mkdirSync(join(repo, ".changeset"));
    writeFileSync(
      join(repo, ".changeset", "config.json"),
      JSON.stringify({ fixed: [["@org/agent-engine-types", "@org/agent-engine-client"]] }),
    );
  });
  afterEach(() => rmSync(repo, { recursive: true, force: true }));
  const changeset = (name, bumps, text = "Why.") =>
    writeFileSync(
      join(repo, ".changeset", `${name}.md`),
      `---\n${Object.entries(bumps)
        .map(([p, b]) => `"${p}": ${b}`)
        .join("\n")}\n---\n\n${text}\n`,
    );

  it("fails on a breaking change without a changeset, naming the change and the package", () => {
    const { ok, report } = judge([removal, addition], repo, "heading");
    expect(ok).toBe(false);
    const verdict = report.slice(report.findIndex((l) => l.includes("no major changeset")));
    expect(verdict.join("\n")).toContain(
      "GET /w (name it as `/w` or `listWidgets`): [Removed] operation GET /w",
    );
    expect(verdict.join("\n")).toContain("@org/agent-engine-types");
    expect(verdict.join("\n")).not.toContain("GET /v");
  });

  it("fails when a changeset names the change but bumps the types only a minor, 0.x or not", () => {
    changeset("minor-one", { "@org/agent-engine-types": "minor" }, "`listWidgets` is gone.");
    expect(judge([removal], repo, "heading").ok).toBe(false);
  });

  it("fails when the only major changesets are about something else, or for another package", () => {
    changeset(
      "timeout",
      { "@org/agent-engine-client": "major" },
      "`timeoutMs` ends at the headers; `GET /w` unchanged.",
    );
    changeset("other", { "@org/agent-engine-types": "major" }, "`SourceDefinition.name` is optional.");
    expect(judge([removal], repo, "heading").ok).toBe(false);
  });

  it("passes with a major changeset for the types that names the operation, by path or operationId", () => {
    changeset(
      "drop-w",
      { "@org/agent-engine-types": "major" },
      "`listWidgets` is gone: list gadgets instead.",
    );
    const { ok, report } = judge([removal], repo, "heading");
    expect(ok).toBe(true);
    expect(report.at(-1)).toContain("drop-w.md");
  });

  it("passes non-breaking changes without any changeset", () => {
    expect(judge([addition], repo, "heading").ok).toBe(true);
  });
});

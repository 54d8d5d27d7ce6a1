// The README's "Retries, timeouts and cancellation" example, type-checked and run as written
// against a local server: only the network is redirected (api.airbyte.ai -> the server).
import { mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_SECRET, DEFINITIONS_PATH, startFaultServer, type FaultServer } from "../fault-injection/fault-server.js";
import { readmeSnippets, writeSnippet } from "../helpers/readme.js";

const here = dirname(fileURLToPath(import.meta.url));
const snippets = readmeSnippets("## Retries, timeouts and cancellation");
const scratch = join(here, ".readme-section");
const file = join(scratch, "example.ts");

let server: FaultServer;
beforeAll(async () => {
  server = await startFaultServer();
  mkdirSync(scratch, { recursive: true });
  writeSnippet(snippets[0]!, file, "../../../src/index.js");
});
afterAll(async () => {
  rmSync(scratch, { recursive: true, force: true });
  await server.close();
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("README: Retries, timeouts and cancellation", () => {
  it("has one example", () => {
    expect(snippets).toHaveLength(1);
  });

  it("type-checks", () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(here, "../../tsconfig.json"), {}, {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"));
      },
    })!;
    const program = ts.createProgram([file], { ...config.options, noEmit: true });
    const problems = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems).toEqual([]);
  }, 30_000);

  it("runs", async () => {
    const realFetch = globalThis.fetch;
    vi.stubGlobal("fetch", (request: Request, init?: RequestInit) => {
      const sent = new Request(request, init);
      return realFetch(new Request(sent.url.replace("https://api.airbyte.ai", server.url), sent));
    });
    vi.stubEnv("AIRBYTE_CLIENT_ID", "readme-client");
    vi.stubEnv("AIRBYTE_CLIENT_SECRET", CLIENT_SECRET);
    const logged: string[] = [];
    vi.spyOn(console, "log").mockImplementation((...args: unknown[]) => void logged.push(args.join(" ")));
    const errors = vi.spyOn(console, "error").mockImplementation(() => undefined);
    server.script(DEFINITIONS_PATH, { status: 503 });

    await import(/* @vite-ignore */ `${file}?run=${Date.now()}`);

    expect(errors).not.toHaveBeenCalled();
    expect(logged).toEqual(["1 definitions", "1 definitions, sent once"]);
    // The first call met a 503 and retried it; the second was sent once.
    expect(server.count(DEFINITIONS_PATH)).toBe(3);
  });
});

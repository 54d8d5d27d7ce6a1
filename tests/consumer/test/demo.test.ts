// `pnpm demo`'s example (the build is turbo's job, done before this test): the whole job
// against a mock it starts and stops itself, a readable report, and no full token.
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";
import { run } from "./helpers/run.js";

const prismUrl = inject("prismUrl");
const demo = [createRequire(import.meta.url).resolve("tsx/cli"), join(repoRoot, "examples/demo/src/demo.ts")];

/** The environment without anything that would send the demo to the real API or another server. */
function mockEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!("AIRBYTE_CLIENT_ID" in extra)) delete env.AIRBYTE_CLIENT_ID;
  if (!("AIRBYTE_CLIENT_SECRET" in extra)) delete env.AIRBYTE_CLIENT_SECRET;
  if (!("AIRBYTE_BASE_URL" in extra)) delete env.AIRBYTE_BASE_URL;
  return env;
}

/** The tokens the mock hands out (its spec examples), asked from the shared mock. */
async function mockTokens(): Promise<string[]> {
  const post = async (path: string, body: unknown, bearer?: string) => {
    const response = await fetch(`${prismUrl}${path}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}),
      },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, string>;
  };
  const application = (
    await post("/api/v1/account/applications/token", { client_id: "x", client_secret: "y" })
  ).access_token!;
  const scoped = (
    await post("/api/v1/account/applications/scoped-token", { workspace_name: "w" }, application)
  ).token!;
  const widgetRequest = { workspace_name: "w", allowed_origin: "http://localhost:3000" };
  const widget = (await post("/api/v1/account/applications/widget-token", widgetRequest, application)).token!;
  const widgetInner = (JSON.parse(Buffer.from(widget, "base64").toString("utf8")) as { token: string }).token;
  return [application, scoped, widget, widgetInner];
}

function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

describe("the demo", () => {
  it("runs every step against the mock it starts, shows tokens only truncated, and stops the mock", async () => {
    const result = await run(process.execPath, demo, { cwd: repoRoot, env: mockEnv(), timeoutMs: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const steps = [
      /^1\. Exchange the credentials and list source definitions matching "github" {2}\[\d+ ms\]\n {5}2 definition\(s\): GitHub/m,
      /^2\. Mint a scoped token for workspace "demo_workspace" {2}\[\d+ ms\]\n {5}scoped token \S{8}…, expires /m,
      /^3\. Mint a widget token for http:\/\/localhost:3000 {2}\[\d+ ms\]\n {5}widget token \S{8}…, expires /m,
      /^4\. Call the API as workspace "demo_workspace" .* {2}\[\d+ ms\]\n {5}workspace customer_workspace_123 \(/m,
      /^5\. List workspaces whose name contains "acme", one page at a time {2}\[\d+ ms\]\n {5}1 workspace\(s\): acme_staging$/m,
      /^6\. Create a github connector in workspace "demo_workspace" {2}\[\d+ ms\]\n {5}connector 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b /m,
      /^7\. Run "list" on its issues, page by page \(at most 3\) {2}\[\d+ ms\]\n {5}1 page\(s\)$/m,
      /^8\. Ask for the connector's deletion {2}\[\d+ ms\]\n {5}deletion accepted, running as background job 9d2f4e6a-1b3c-4d5e-8f70-a1b2c3d4e5f6$/m,
      /^All 8 steps passed\.$/m,
    ];
    for (const step of steps) expect(result.stdout).toMatch(step);

    for (const token of await mockTokens()) {
      expect(result.stdout).not.toContain(token);
      expect(result.stdout).not.toContain(token.slice(0, 9));
    }
    expect(result.stdout).toContain(`scoped token ${(await mockTokens())[1]!.slice(0, 8)}…`);

    const mockUrl = /on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(result.stdout)?.[1];
    expect(mockUrl).toBeDefined();
    await expect(fetch(mockUrl!, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });

  it("exits non-zero with the error's name and message when the API cannot be reached, never showing the secret", async () => {
    const secret = "very-secret-client-secret-value";
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(process.execPath, demo, {
      cwd: repoRoot,
      env: mockEnv({
        AIRBYTE_CLIENT_ID: "demo-failure-client",
        AIRBYTE_CLIENT_SECRET: secret,
        AIRBYTE_BASE_URL: url,
      }),
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^Demo failed at step 1: ConnectionError: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/account\/applications\/token got no answer/m,
    );
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain(secret.slice(0, 8));
  });

  it("refuses half the real credentials with a clear message before starting anything", async () => {
    const env = mockEnv({ AIRBYTE_CLIENT_ID: "only-the-id" });
    const result = await run(process.execPath, demo, { cwd: repoRoot, env, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Demo failed at step 1: InvalidArgumentError: .*AIRBYTE_CLIENT_SECRET/m);
    expect(result.stdout).not.toContain("mock");
  });
});

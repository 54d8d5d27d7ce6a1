// `pnpm demo`'s script (the build is turbo's job, done before this test): the whole job
// against a mock it starts and stops itself, a readable report, and no full token.
import { createServer } from "node:net";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { repoRoot } from "./helpers/paths.js";
import { run } from "./helpers/run.js";

const prismUrl = inject("prismUrl");
const demo = join(repoRoot, "scripts", "demo.mjs");

/** The environment without anything that would send the demo to the real API or another server. */
function mockEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  if (!("AIRBYTE_CLIENT_ID" in extra)) delete env.AIRBYTE_CLIENT_ID;
  if (!("AIRBYTE_CLIENT_SECRET" in extra)) delete env.AIRBYTE_CLIENT_SECRET;
  if (!("AGENT_ENGINE_BASE_URL" in extra)) delete env.AGENT_ENGINE_BASE_URL;
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
    const result = await run(process.execPath, [demo], { cwd: repoRoot, env: mockEnv(), timeoutMs: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);

    const steps = [
      /^1\. Exchange credentials for an application token {2}\[\d+ ms\]$/m,
      /^2\. List source definitions matching "github" {2}\[\d+ ms\]$/m,
      /^3\. Mint a scoped token for workspace "demo_workspace" {2}\[\d+ ms\]$/m,
      /^4\. Mint a widget token for http:\/\/localhost:3000 {2}\[\d+ ms\]$/m,
      /^5\. Call \/api\/v1\/account\/applications\/scoped-token\/info as workspace "demo_workspace".* {2}\[\d+ ms\]$/m,
      /^ +workspace customer_workspace_123 \(/m,
      /^6\. List workspaces whose name contains "acme", by iteration .* {2}\[\d+ ms\]$/m,
      /^ +GET \/api\/v1\/workspaces\?name_contains=acme&limit=20 -> 200 \(\d+ ms\)$/m,
      /^ +1 workspace\(s\): acme_staging \(inactive\)/m,
      /^7\. Create a github connector in workspace "demo_workspace" {2}\[\d+ ms\]$/m,
      /^ +POST \/api\/v1\/integrations\/connectors -> 200 \(\d+ ms\)$/m,
      /^8\. Execute "list" on its "issues" as workspace "demo_workspace", page by page \(at most 3\) {2}\[\d+ ms\]$/m,
      /^ +POST \/api\/v1\/integrations\/connectors\/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b\/execute -> 200 \(\d+ ms\)$/m,
      /^ +page 1: 1 issues, status success$/m,
      /^9\. Delete connector 3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b {2}\[\d+ ms\]$/m,
      /^ +DELETE \/api\/v1\/integrations\/connectors\/3f1c2b4a-5d6e-4f70-8a9b-0c1d2e3f4a5b -> 202 \(\d+ ms\)$/m,
      /^ +deletion accepted, not done yet: background job 9d2f4e6a-1b3c-4d5e-8f70-a1b2c3d4e5f6$/m,
      /^ +GET \/api\/v1\/integrations\/definitions\/sources\?name=github -> 200 \(\d+ ms\)$/m,
      /^ +widgetUrl https:\/\//m,
      /^All 9 steps passed in \d+ ms\.$/m,
      /^Stopped the mock\.$/m,
    ];
    for (const step of steps) expect(result.stdout).toMatch(step);

    for (const token of await mockTokens()) {
      expect(result.stdout).not.toContain(token);
      expect(result.stdout).not.toContain(token.slice(0, 9));
    }
    expect(result.stdout).toContain(`application token ${(await mockTokens())[0]!.slice(0, 8)}…`);

    const mockUrl = /against (http:\/\/127\.0\.0\.1:\d+) /.exec(result.stdout)?.[1];
    expect(mockUrl).toBeDefined();
    await expect(fetch(mockUrl!, { signal: AbortSignal.timeout(5_000) })).rejects.toThrow();
  });

  it("exits non-zero with the error's name and message when the API cannot be reached, never showing the secret", async () => {
    const secret = "very-secret-client-secret-value";
    const url = `http://127.0.0.1:${await closedPort()}`;
    const result = await run(process.execPath, [demo], {
      cwd: repoRoot,
      env: mockEnv({
        AIRBYTE_CLIENT_ID: "demo-failure-client",
        AIRBYTE_CLIENT_SECRET: secret,
        AGENT_ENGINE_BASE_URL: url,
      }),
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^1\. .*: FAILED after \d+ ms$/m);
    expect(result.stderr).toMatch(
      /^Demo failed: ConnectionError: POST http:\/\/127\.0\.0\.1:\d+\/api\/v1\/account\/applications\/token got no answer/m,
    );
    expect(result.stdout + result.stderr).not.toContain(secret);
    expect(result.stdout + result.stderr).not.toContain(secret.slice(0, 8));
  });

  it("refuses half the real credentials with a clear message before starting anything", async () => {
    const env = mockEnv({ AIRBYTE_CLIENT_ID: "only-the-id" });
    const result = await run(process.execPath, [demo], { cwd: repoRoot, env, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("set both AIRBYTE_CLIENT_ID and AIRBYTE_CLIENT_SECRET");
    expect(result.stdout).not.toContain("Starting the Prism mock");
  });
});

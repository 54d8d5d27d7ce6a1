// Runs the example script as a user would, against the mock, behind a proxy that records
// what the script asked for.
import { spawn } from "node:child_process";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";

const prismUrl = inject("prismUrl");
const tsxCli = createRequire(import.meta.url).resolve("tsx/cli");
const script = fileURLToPath(new URL("../src/list-definitions.ts", import.meta.url));
const FORWARDED_REQUEST_HEADERS = ["authorization", "content-type", "x-organization-id"];

let proxy: Server;
let proxyUrl: string;
const asked: string[] = [];
let mockNames: string[];

beforeAll(async () => {
  proxy = createServer(async (request, response) => {
    asked.push(`${request.method} ${request.url}`);
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      FORWARDED_REQUEST_HEADERS.flatMap((name) =>
        typeof request.headers[name] === "string" ? [[name, request.headers[name]]] : [],
      ),
    );
    const upstream = await fetch(`${prismUrl}${request.url}`, {
      method: request.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    response.writeHead(upstream.status, {
      "content-type": upstream.headers.get("content-type") ?? "application/json",
    });
    response.end(Buffer.from(await upstream.arrayBuffer()));
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}`;

  const listing = await fetch(`${prismUrl}/api/v1/integrations/definitions/sources`, {
    headers: { Authorization: "Bearer any" },
  });
  mockNames = ((await listing.json()) as { definitions: { name: string }[] }).definitions.map((d) => d.name);
});

afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
});

beforeEach(() => {
  asked.length = 0;
});

function runScript(args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [tsxCli, script, ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Within the test's own bound (vitest.config.ts): a busy machine can take tens of seconds.
    timeout: 110_000,
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const credentials = {
  AIRBYTE_CLIENT_ID: "example_client_id",
  AIRBYTE_CLIENT_SECRET: "example_client_secret",
};

it("lists the definitions matching the name given on the command line", async () => {
  const result = await runScript(["github"], { ...credentials, AGENT_ENGINE_BASE_URL: proxyUrl });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  expect(asked).toEqual([
    "POST /api/v1/account/applications/token",
    "GET /api/v1/integrations/definitions/sources?name=github",
  ]);
  expect(result.stdout.split("\n")[0]).toBe(`${mockNames.length} source definition(s) matching "github"`);
  for (const name of mockNames) expect(result.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
});

it("lists every definition without a name", async () => {
  const result = await runScript([], { ...credentials, AGENT_ENGINE_BASE_URL: proxyUrl });
  expect(result.code).toBe(0);
  expect(asked).toContain("GET /api/v1/integrations/definitions/sources");
  expect(result.stdout.split("\n")[0]).toBe(`${mockNames.length} source definition(s)`);
});

it("says which credential is missing and exits 1, before sending anything", async () => {
  const result = await runScript([], { AGENT_ENGINE_BASE_URL: proxyUrl });
  expect(result.code).toBe(1);
  expect(result.stderr.trim()).toMatch(/^InvalidArgumentError: .*clientId.*AIRBYTE_CLIENT_ID[^\n]*$/);
  expect(asked).toEqual([]);
});

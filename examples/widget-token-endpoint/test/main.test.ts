// Starts the example's entry against the mock, and asks it for a token. It runs under
// `node --import tsx`, not the tsx CLI `pnpm start` uses: the CLI relays a signal to its child
// and kills it 30 ms later, so the SIGTERM test would see exit code 143 on a busy machine.
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { afterEach, expect, inject, it } from "vitest";

const prismUrl = inject("prismUrl");
const exampleDir = fileURLToPath(new URL("..", import.meta.url));
const entry = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const started: ChildProcessWithoutNullStreams[] = [];

afterEach(() => {
  for (const child of started.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

function startExample(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: exampleDir,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: "0", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  started.push(child);
  const output = { stdout: "", stderr: "" };
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output.stderr += chunk));
  return { child, output };
}

async function waitFor<T>(read: () => T | undefined, what: string, timeoutMs = 100_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const credentials = {
  AIRBYTE_CLIENT_ID: "example_client_id",
  AIRBYTE_CLIENT_SECRET: "example_client_secret",
};

it("serves widget tokens to the allowed origin's signed-in users, and stops on SIGTERM", async () => {
  const { child, output } = startExample({
    ...credentials,
    AGENT_ENGINE_BASE_URL: prismUrl,
    ALLOWED_ORIGINS: "http://localhost:5173",
  });
  const url = await waitFor(
    () => /listening on (http:\/\/\S+)/.exec(output.stdout)?.[1],
    "the listening line",
  );

  const response = await fetch(url, {
    method: "POST",
    headers: { Origin: "http://localhost:5173", Cookie: "session=session-of-ada" },
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { token: string }).token.length).toBeGreaterThan(20);
  const refused = await fetch(url, {
    method: "POST",
    headers: { Origin: "http://localhost:3000", Cookie: "session=session-of-ada" },
  });
  expect(refused.status).toBe(403);

  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  expect(code).toBe(0);
  expect(output.stdout).not.toContain("example_client_secret");
  expect(output.stderr).toBe("");
});

it("refuses to start with a malformed origin, naming it", async () => {
  const { child, output } = startExample({ ...credentials, ALLOWED_ORIGINS: "https://app.example.com/" });
  const [code] = await once(child, "exit");
  expect(code).toBe(1);
  expect(output.stderr).toMatch(
    /^InvalidArgumentError: Invalid allowedOrigin \("https:\/\/app\.example\.com\/"\).*trailing slash/,
  );
});

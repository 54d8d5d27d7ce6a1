// `pnpm mock`: a clear failure and a non-zero exit on a taken port, and both spellings of --port.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { freePort } from "../../../scripts/prism.mjs";

const mockScript = fileURLToPath(new URL("../../../scripts/mock.mjs", import.meta.url));
// A refusal comes before Prism starts, so in well under a second alone; the bound only keeps a
// mock that wrongly keeps running (or waits) from blocking the worker, which a sync spawn would.
const SPAWN_BOUND_MS = 60_000;
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function occupiedPort() {
  const server: Server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  return (server.address() as { port: number }).port;
}

it.each([
  ["--port N", (port: number) => ["--port", String(port)]],
  ["--port=N", (port: number) => [`--port=${port}`]],
])("refuses a taken port given as %s, naming it, with exit code 1", async (_form, args) => {
  const port = await occupiedPort();
  const result = spawnSync(process.execPath, [mockScript, ...args(port)], {
    encoding: "utf8",
    timeout: SPAWN_BOUND_MS,
  });
  expect(result.stderr).toBe(
    `pnpm mock: port ${port} on 127.0.0.1 is already in use; stop what listens there or pick another with --port N\n`,
  );
  expect(result.stdout).toBe("");
  expect(result.status).toBe(1);
});

it("refuses a port that is not a number, with exit code 2", () => {
  const result = spawnSync(process.execPath, [mockScript, "--port=80a"], {
    encoding: "utf8",
    timeout: SPAWN_BOUND_MS,
  });
  expect(result.stderr).toBe('pnpm mock: --port must be a whole number from 1 to 65535, got "80a"\n');
  expect(result.status).toBe(2);
});

it("serves the spec on the port given as --port=N, and stops on SIGTERM with exit code 0", async () => {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [mockScript, `--port=${port}`], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  cleanups.push(() => child.exitCode === null && child.signalCode === null && child.kill("SIGKILL"));
  let stdout = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  const exit = once(child, "exit");
  // Bounded by the test's timeout; no time of its own (Prism's start time depends on the load).
  while (!stdout.includes("Mock of the Agent Engine API on") && child.exitCode === null)
    await new Promise((r) => setTimeout(r, 50));
  expect(stdout).toContain(`Mock of the Agent Engine API on http://127.0.0.1:${port} (Ctrl+C stops it)`);

  const response = await fetch(`http://127.0.0.1:${port}/api/v1/account/applications/token`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ client_id: "id", client_secret: "secret" }),
  });
  expect(response.status).toBe(200);
  expect(await response.json()).toHaveProperty("access_token");

  child.kill("SIGTERM");
  expect(await exit).toEqual([0, null]);
}, 300_000);

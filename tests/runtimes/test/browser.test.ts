// The widget flow in a real browser (headless system Chromium): the example backend serves its
// page, the page gets `{ token, widgetUrl }` on an allowed origin and is refused on another,
// and the client itself refuses to run in the page. Screenshots go to test-results/.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { createAgentEngineClient } from "@org/agent-engine-client";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createWidgetTokenServer } from "../../../examples/widget-token-endpoint/src/server.js";
import { createInMemorySessionStore } from "../../../examples/widget-token-endpoint/src/sessions.js";
import { buildBrowserClient } from "../harness/bundles.js";
import { findChromium } from "../harness/chromium.js";
import {
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  WIDGET_BASE_URL,
  startFakeApi,
  type FakeApi,
} from "../harness/fake-api.js";
import { resultsDir } from "../harness/paths.js";

/** Chromium resolves this name to 127.0.0.1 itself: the same server, seen from an origin it does not allow. */
const OTHER_HOST = "other-origin.test";
const RUN_ID = "browser";

interface Outcome {
  status: number;
  body: { token?: string; widgetUrl?: string | null; expiresAt?: string; error?: string };
}

let fakeApi: FakeApi;
let server: Server;
let port: number;
let browser: Browser;
let browserClient: string;

beforeAll(async () => {
  fakeApi = await startFakeApi();
  // The allowed origin names the port, known once listening: the example's handler answers
  // the requests of a server that listens first.
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  const client = createAgentEngineClient({
    clientId: FAKE_CLIENT_ID,
    clientSecret: FAKE_CLIENT_SECRET,
    baseUrl: fakeApi.baseUrlFor(RUN_ID),
  });
  const sessions = createInMemorySessionStore({
    "session-of-ada": { userId: "ada", workspaceName: "workspace_of_ada" },
  });
  const widgetServer = createWidgetTokenServer({
    client,
    allowedOrigins: [pageOrigin()],
    sessions,
    log: () => {},
  });
  server.on("request", (request, response) => widgetServer.emit("request", request, response));

  const consumerDir = inject("consumerDir");
  browserClient = await readFile(
    await buildBrowserClient(consumerDir, join(consumerDir, "browser", "client.js")),
    "utf8",
  );
  await mkdir(resultsDir, { recursive: true });
  browser = await chromium.launch({
    executablePath: findChromium(),
    // Root in CI needs --no-sandbox; the resolver rule keeps every connection on 127.0.0.1.
    args: ["--no-sandbox", `--host-resolver-rules=MAP ${OTHER_HOST} 127.0.0.1`],
    timeout: 60_000,
  });
});

afterAll(async () => {
  await browser?.close();
  if (server) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  await fakeApi?.close();
});

function pageOrigin(host = "127.0.0.1"): string {
  return `http://${host}:${port}`;
}

/** Opens the example's page on `origin` as the signed-in user and presses its button. */
async function askForToken(origin: string, screenshot: string): Promise<{ page: Page; outcome: Outcome }> {
  const context = await browser.newContext();
  await context.addCookies([{ name: "session", value: "session-of-ada", url: origin }]);
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  await page.click("#get-token");
  await page.waitForSelector('#outcome:not([data-state="idle"])');
  await page.screenshot({ path: join(resultsDir, screenshot), fullPage: true });
  const outcome = await page.evaluate(
    () => (window as unknown as { widgetTokenOutcome: Outcome }).widgetTokenOutcome,
  );
  return { page, outcome };
}

describe("the widget-token example in headless Chromium", () => {
  it("gives the page on an allowed origin { token, widgetUrl }", async () => {
    const { page, outcome } = await askForToken(pageOrigin(), "widget-token-page.png");
    expect(outcome.status).toBe(200);
    expect(Object.keys(outcome.body).sort()).toEqual(["expiresAt", "token", "widgetUrl"]);
    expect(outcome.body.widgetUrl).toBe(
      `${WIDGET_BASE_URL}?${new URLSearchParams({ origin: pageOrigin(), workspace: "workspace_of_ada" })}`,
    );
    expect(await page.textContent("#widget-url")).toBe(outcome.body.widgetUrl);
    // The page shows only the start of the token.
    expect(await page.textContent("#token")).not.toContain(outcome.body.token);
    await page.context().close();
  });

  it("refuses the page on an origin the backend does not allow, before minting anything", async () => {
    const before = fakeApi.requestCount(RUN_ID);
    const { page, outcome } = await askForToken(pageOrigin(OTHER_HOST), "widget-token-page-other-origin.png");
    expect(outcome).toEqual({ status: 403, body: { error: "this origin may not embed the widget" } });
    expect(await page.textContent("#status")).toBe("403 this origin may not embed the widget");
    expect(fakeApi.requestCount(RUN_ID)).toBe(before);
    await page.context().close();
  });

  it("has createAgentEngineClient refuse to run in the page without dangerouslyAllowBrowser", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${pageOrigin()}/`);
    await page.addScriptTag({ content: browserClient });
    const attempt = (allow: boolean) =>
      page.evaluate(
        ({ allow, baseUrl }) => {
          const { createAgentEngineClient } = (
            window as unknown as { AgentEngine: typeof import("@org/agent-engine-client") }
          ).AgentEngine;
          try {
            createAgentEngineClient({
              clientId: "page-client",
              clientSecret: "page-secret",
              baseUrl,
              dangerouslyAllowBrowser: allow,
            });
            return { created: true };
          } catch (error) {
            const { name, message, argument } = error as { name: string; message: string; argument?: string };
            return { created: false, name, message, argument };
          }
        },
        { allow, baseUrl: fakeApi.baseUrlFor(RUN_ID) },
      );
    const refused = await attempt(false);
    expect(refused).toMatchObject({ created: false, name: "InvalidArgumentError", argument: "environment" });
    expect(refused.message).toMatch(/client secret/);
    expect(refused.message).not.toContain("page-secret");
    // The same bundle runs when told the browser is trusted: the refusal above is the rule, not a broken bundle.
    expect(await attempt(true)).toEqual({ created: true });
    await context.close();
  });
});

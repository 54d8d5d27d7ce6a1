import { describe, expect, it } from "vitest";
import { InvalidArgumentError, validateAllowedOrigin } from "../src/index.js";
import { readWidgetToken } from "../src/auth/exchange.js";
import { clientFor, createFakeApi, jwt, WIDGET_PATH } from "./helpers/fake-api.js";

const valid = [
  "https://yourapp.com",
  "http://localhost:3000",
  "http://127.0.0.1:8080",
  "https://sub.domain-with-dash.example.co.uk",
  "http://[::1]:5173",
];

const invalid: Array<[string, RegExp]> = [
  ["https://yourapp.com/", /trailing slash/],
  ["yourapp.com", /no scheme/],
  ["https://*.yourapp.com", /wildcard/],
  ["https://yourapp.com/app", /path/],
  ["https://yourapp.com?x=1", /query/],
  ["https://yourapp.com#top", /fragment/],
  ["https://user:pw@yourapp.com", /user info/],
  [" https://yourapp.com", /whitespace/],
  ["https://your app.com", /whitespace/],
  ["ftp://yourapp.com", /scheme must be http or https/],
  ["https://", /no host/],
  ["https://yourapp.com:99999", /port/],
  ["https://yourapp.com:", /malformed/],
  ["https://-bad-.com", /malformed/],
  ["", /empty/],
  ["HTTPS://YourApp.com", /lowercase/],
];

describe("allowedOrigin", () => {
  it.each(valid)("accepts %s unchanged", (origin) => {
    expect(validateAllowedOrigin(origin)).toBe(origin);
  });

  it.each([
    ["https://yourapp.com:443", "https://yourapp.com"],
    ["http://localhost:80", "http://localhost"],
    ["http://[::1]:80", "http://[::1]"],
  ])("accepts %s and writes it as a browser's Origin does, without the default port: %s", (given, sent) => {
    expect(validateAllowedOrigin(given)).toBe(sent);
  });

  it.each(["https://yourapp.com:80", "http://yourapp.com:443", "https://yourapp.com:4430"])(
    "keeps %s, whose port is not its scheme's default",
    (origin) => {
      expect(validateAllowedOrigin(origin)).toBe(origin);
    },
  );

  it("sends the origin without its scheme's default port", async () => {
    const api = createFakeApi();
    await clientFor(api).createWidgetToken({
      workspaceName: "acme",
      allowedOrigin: "https://yourapp.com:443",
    });
    expect(api.sent.find((r) => r.path === WIDGET_PATH)?.body).toMatchObject({
      allowed_origin: "https://yourapp.com",
    });
  });

  it.each(invalid)("refuses %j, naming the value and the rule", (origin, reason) => {
    let error: unknown;
    try {
      validateAllowedOrigin(origin);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    const message = (error as Error).message;
    expect(message).toContain(JSON.stringify(origin));
    expect(message).toContain("exact origin");
    expect(message).toMatch(reason);
  });

  it("refuses a non-string", () => {
    expect(() => validateAllowedOrigin(42)).toThrow(InvalidArgumentError);
  });

  it("is checked before any request is sent", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await expect(
      client.createWidgetToken({ workspaceName: "w", allowedOrigin: "https://yourapp.com/" }),
    ).rejects.toThrow(InvalidArgumentError);
    expect(api.sent).toHaveLength(0);
  });
});

describe("widget tokens", () => {
  it("sends the filters under the API's names and decodes the widget URL", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    const widget = await client.createWidgetToken({
      workspaceName: "acme",
      allowedOrigin: "https://yourapp.com",
      sourceTemplateTags: ["crm"],
      sourceTemplateTagsMode: "all",
      connectionTemplateTags: ["daily"],
      connectionTemplateTagsMode: "any",
    });
    expect(api.sent.find((r) => r.path === WIDGET_PATH)?.body).toEqual({
      workspace_name: "acme",
      allowed_origin: "https://yourapp.com",
      selected_source_template_tags: ["crm"],
      selected_source_template_tags_mode: "all",
      selected_connection_template_tags: ["daily"],
      selected_connection_template_tags_mode: "any",
    });
    expect(widget.widgetUrl).toBe("https://app.example/widget?allowedOrigin=https%3A%2F%2Fyourapp.com");
    expect(widget.expiresAt.getTime()).toBeGreaterThan(Date.now() + 19 * 60_000);
  });

  it("refuses a tag mode other than any or all before any request", async () => {
    const api = createFakeApi();
    const client = clientFor(api);
    await expect(
      client.createWidgetToken({
        workspaceName: "w",
        allowedOrigin: "https://a.com",
        sourceTemplateTagsMode: "some" as "any",
      }),
    ).rejects.toThrow(/sourceTemplateTagsMode \("some"\).*"any", "all"/);
    expect(api.sent).toHaveLength(0);
  });

  it("reads standard, URL-safe and unpadded encodings, and returns an opaque token as it is", () => {
    const now = Date.UTC(2026, 0, 1);
    const inner = jwt({ exp: now / 1000 + 600 });
    const payload = JSON.stringify({ token: inner, widgetUrl: "https://w.example/?a=1" });
    for (const token of [
      Buffer.from(payload).toString("base64"),
      Buffer.from(payload).toString("base64url"),
    ]) {
      expect(readWidgetToken(token, now)).toEqual({
        token,
        expiresAt: new Date(now + 600_000),
        widgetUrl: "https://w.example/?a=1",
      });
    }
    expect(readWidgetToken("opaque", now)).toEqual({
      token: "opaque",
      expiresAt: new Date(now + 20 * 60_000),
    });
  });
});

// Pagination against an in-memory API: workspaces by their `next` URL, execute list actions
// by `params.cursor`. Lazy, bounded, and stopped by an abort or a cursor that repeats.
import { describe, expect, it } from "vitest";
import { InvalidResponseError, RequestAbortedError } from "../src/index.js";
import { clientFor, createFakeApi, json, type FakeApi } from "./helpers/fake-api.js";

const LIST = "/api/v1/workspaces";
const EXECUTE = "/api/v1/integrations/connectors/c-1/execute";

const workspace = (name: string) => ({ id: `id-${name}`, name, organization_id: "o", status: "active" });

/** Pages by cursor: `pages[cursor ?? ""]` is [names, next cursor or null]. */
function serveWorkspaces(
  api: FakeApi,
  pages: Record<string, [string[], string | null]>,
  nextUrl = (cursor: string) => `http://api.test${LIST}?name_contains=acme&cursor=${cursor}`,
) {
  const queries: string[] = [];
  const client = clientFor(api, {
    fetch: async (request) => {
      const url = new URL(request.url);
      if (url.pathname === LIST) {
        queries.push(url.search);
        const [names, next] = pages[url.searchParams.get("cursor") ?? ""]!;
        return json({ data: names.map(workspace), next: next === null ? null : nextUrl(next) });
      }
      return api.fetch(request);
    },
  });
  return { client, queries };
}

async function collect<T>(iterable: AsyncIterable<T>, max = 50): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) {
    items.push(item);
    if (items.length >= max) throw new Error("more items than any test serves");
  }
  return items;
}

describe("workspaces.list", () => {
  it("iterates the items of every page, an empty one included, following next as it is", async () => {
    const { client, queries } = serveWorkspaces(createFakeApi(), {
      "": [["a", "b"], "p2"],
      p2: [[], "p3"],
      p3: [["c"], null],
    });
    const names = (await collect(client.workspaces.list({ name_contains: "acme", limit: 2 }))).map(
      (w) => w.name,
    );
    expect(names).toEqual(["a", "b", "c"]);
    // The first page carries the caller's query; later ones exactly what `next` says.
    expect(queries).toEqual([
      "?name_contains=acme&limit=2",
      "?name_contains=acme&cursor=p2",
      "?name_contains=acme&cursor=p3",
    ]);
  });

  it("walks pages with pages(), and reads a relative next against the list's URL", async () => {
    const { client } = serveWorkspaces(
      createFakeApi(),
      { "": [["a"], "p2"], p2: [["b"], null] },
      (cursor) => `?cursor=${cursor}`,
    );
    const pages = await collect(client.workspaces.list().pages());
    expect(pages.map((page) => page.data.map((w) => w.name))).toEqual([["a"], ["b"]]);
    expect(pages.at(-1)!.next).toBeNull();
  });

  it("fetches lazily: nothing before iteration, no page after the loop stops", async () => {
    const { client, queries } = serveWorkspaces(createFakeApi(), {
      "": [["a", "b"], "p2"],
      p2: [["c"], null],
    });
    const listing = client.workspaces.list();
    expect(queries).toHaveLength(0);
    for await (const item of listing) {
      expect(item.name).toBe("a");
      break;
    }
    expect(queries).toHaveLength(1);
  });

  it("stops with InvalidResponseError naming the cursor when a next page repeats", async () => {
    const { client, queries } = serveWorkspaces(createFakeApi(), {
      "": [["a"], "p2"],
      p2: [["b"], "p3"],
      p3: [["c"], "p2"],
    });
    const error = await collect(client.workspaces.list()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /next page with cursor "p2" a second time: stopped instead of looping/,
    );
    expect(queries).toHaveLength(3);
  });

  it("follows a next page that names another host by its query, on the client's own base URL", async () => {
    const sent: string[] = [];
    const api = createFakeApi();
    const { client } = serveWorkspaces(
      api,
      { "": [["a"], "p2"], p2: [["b"], null] },
      (cursor) => `https://api.production.test${LIST}?cursor=${cursor}`,
    );
    client.use({ onRequest: ({ request }) => void sent.push(new URL(request.url).origin) });
    expect((await collect(client.workspaces.list())).map((w) => w.name)).toEqual(["a", "b"]);
    expect(new Set(sent)).toEqual(new Set(["http://api.test"]));
  });

  it("refuses a next page on another path, without sending anything there", async () => {
    for (const elsewhere of [
      "http://api.test/evil/api/v1/workspaces?cursor=p2",
      "http://api.test/api/v1/integrations/connectors?cursor=p2",
      "https://evil.test/api/v1/workspaces/x?cursor=p2",
    ]) {
      const api = createFakeApi();
      const { client, queries } = serveWorkspaces(
        api,
        { "": [["a"], "p2"], p2: [["b"], null] },
        () => elsewhere,
      );
      const error = await collect(client.workspaces.list()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidResponseError);
      expect((error as Error).message).toMatch(/not followed, only \/api\/v1\/workspaces is/);
      expect(queries).toHaveLength(1);
    }
  });

  it("remembers a bounded number of next pages however long the list runs", async () => {
    // 40 distinct pages, then the first cursor again: too far back to be remembered, so it is
    // followed; what the memory holds stays at the last few, whatever the length of the list.
    const pages: Record<string, [string[], string | null]> = { "": [["start"], "c0"] };
    for (let index = 0; index < 40; index++)
      pages[`c${index}`] = [[`w${index}`], index === 39 ? "c0" : `c${index + 1}`];
    const { client, queries } = serveWorkspaces(createFakeApi(), pages);
    const names: string[] = [];
    for await (const workspace of client.workspaces.list()) {
      names.push(workspace.name);
      if (names.length === 60) break;
    }
    expect(names.slice(40, 43)).toEqual(["w39", "w0", "w1"]);
    expect(queries.length).toBeGreaterThan(41);
  });

  it("throws RequestAbortedError when the signal fires between pages, and asks no more", async () => {
    const { client, queries } = serveWorkspaces(createFakeApi(), { "": [["a"], "p2"], p2: [["b"], null] });
    const controller = new AbortController();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const item of client.workspaces.list({}, { signal: controller.signal })) {
        seen.push(item.name);
        controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(seen).toEqual(["a"]);
    expect(queries).toHaveLength(1);
  });

  it("refuses a page without its data list", async () => {
    const api = createFakeApi();
    api.on(LIST, () => json({ next: null, data: "none" }));
    await expect(collect(clientFor(api).workspaces.list())).rejects.toThrow(
      /answered a page without its data list/,
    );
  });
});

/** Execute pages by cursor: `pages[cursor ?? ""]` is [result, metadata]. */
function serveExecute(api: FakeApi, pages: Record<string, [unknown[], unknown]>) {
  const bodies: unknown[] = [];
  api.on(EXECUTE, (request) => {
    bodies.push(request.body);
    const cursor = (request.body as { params?: { cursor?: string } }).params?.cursor ?? "";
    const [result, metadata] = pages[cursor]!;
    return json({
      status: "success",
      result,
      connector_metadata: metadata,
      execution_metadata: { connector_instance_id: "c-1", execution_time_ms: 1 },
    });
  });
  return bodies;
}

describe("connectors.executePages", () => {
  it("asks for each next page with params.cursor, in either spelling, until there is none", async () => {
    const api = createFakeApi();
    const bodies = serveExecute(api, {
      "": [[1, 2], { has_next_page: true, end_cursor: "c2" }],
      c2: [[], { hasNextPage: true, endCursor: "c3" }],
      c3: [[3], { hasNextPage: false, endCursor: null }],
    });
    const pages = await collect(
      clientFor(api).connectors.executePages("c-1", {
        entity: "issues",
        action: "list",
        params: { limit: 2 },
      }),
    );
    expect(pages.map((page) => page.result)).toEqual([[1, 2], [], [3]]);
    expect(bodies).toEqual([
      { entity: "issues", action: "list", params: { limit: 2 } },
      { entity: "issues", action: "list", params: { limit: 2, cursor: "c2" } },
      { entity: "issues", action: "list", params: { limit: 2, cursor: "c3" } },
    ]);
  });

  it("stops with InvalidResponseError when a cursor repeats", async () => {
    const api = createFakeApi();
    const bodies = serveExecute(api, {
      "": [[1], { has_next_page: true, end_cursor: "c2" }],
      c2: [[2], { has_next_page: true, end_cursor: "c2" }],
    });
    const error = await collect(
      clientFor(api).connectors.executePages("c-1", { entity: "issues", action: "list" }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect((error as Error).message).toMatch(
      /answered the cursor "c2" a second time: stopped instead of looping/,
    );
    expect(bodies).toHaveLength(2);
  });

  it("refuses a next page announced without a cursor", async () => {
    const api = createFakeApi();
    serveExecute(api, { "": [[1], { has_next_page: true }] });
    await expect(
      collect(clientFor(api).connectors.executePages("c-1", { entity: "issues", action: "list" })),
    ).rejects.toThrow(/said there is a next page but gave no end_cursor/);
  });

  it("throws RequestAbortedError when the signal fires between pages", async () => {
    const api = createFakeApi();
    const bodies = serveExecute(api, {
      "": [[1], { has_next_page: true, end_cursor: "c2" }],
      c2: [[2], { has_next_page: false }],
    });
    const controller = new AbortController();
    const error = await (async () => {
      for await (const _ of clientFor(api).connectors.executePages(
        "c-1",
        { entity: "issues", action: "list" },
        { signal: controller.signal },
      ))
        controller.abort();
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestAbortedError);
    expect(bodies).toHaveLength(1);
  });

  it("ends after one page when connector_metadata is not an object", async () => {
    const api = createFakeApi();
    serveExecute(api, { "": [[1], null] });
    expect(
      await collect(clientFor(api).connectors.executePages("c-1", { entity: "issues", action: "list" })),
    ).toHaveLength(1);
  });
});

describe("paginated methods' arguments", () => {
  it("are checked at the call, before any request", () => {
    const api = createFakeApi();
    const client = clientFor(api);
    expect(() => client.workspaces.list("acme" as never)).toThrow(
      /Invalid query \("acme"\): it must be an object/,
    );
    expect(() => client.connectors.executePages("..", { entity: "issues", action: "list" })).toThrow(
      /Invalid id/,
    );
    expect(api.sent).toHaveLength(0);
  });
});

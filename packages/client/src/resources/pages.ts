import { abortedError, InvalidResponseError } from "../errors.js";

/**
 * The answer of a paginated list: iterate it for the items, or call `pages()` for the pages.
 * Nothing is fetched until iteration starts; each page is fetched when the previous one has
 * been consumed, and every new iteration starts again from the first page.
 */
export interface PageIterable<Item, Page> extends AsyncIterable<Item> {
  pages(): AsyncIterable<Page>;
}

export type Query = Record<string, string | string[]>;

/**
 * Pages of a list answered with a `next` URL. `next` is followed as it is (its query only, on
 * the client's own base URL, so the token and the transport stay the same), and only when it
 * names the same origin and list path: anything else would send the token elsewhere.
 */
export async function* pagesByNextUrl<Page extends { next?: string | null }>(
  fetchPage: (query: Query | undefined) => Promise<Page>,
  firstQuery: Query | undefined,
  list: { baseUrl: string; path: string; signal: AbortSignal | undefined },
): AsyncGenerator<Page> {
  const seen = new Set<string>();
  const where = `GET ${list.baseUrl}${list.path}`;
  let query = firstQuery;
  for (;;) {
    if (list.signal?.aborted) throw abortedError(list.signal);
    const page = await fetchPage(query);
    yield page;
    if (page.next === undefined || page.next === null || page.next === "") return;
    const next = nextUrl(page.next, `${list.baseUrl}${list.path}`, where);
    if (next.origin !== new URL(list.baseUrl).origin || !next.pathname.endsWith(list.path)) {
      throw new InvalidResponseError(
        `${where} answered a next page at ${next.origin}${next.pathname}: not followed, only ${list.path} on the base URL's origin is`,
      );
    }
    if (seen.has(next.search)) {
      throw new InvalidResponseError(
        `${where} answered the next page ${describeCursor(next.searchParams.get("cursor"))} a second time: stopped instead of looping`,
      );
    }
    seen.add(next.search);
    query = {};
    for (const key of new Set(next.searchParams.keys())) {
      const values = next.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
  }
}

/** `text` as a URL; a relative one is read against the list's own URL. */
function nextUrl(text: unknown, listUrl: string, where: string): URL {
  try {
    return new URL(String(text), listUrl);
  } catch (error) {
    throw new InvalidResponseError(`${where} answered a next page that is not a URL`, { cause: error });
  }
}

function describeCursor(cursor: string | null): string {
  return cursor === null ? "(same URL)" : `with cursor ${JSON.stringify(cursor)}`;
}

interface CursorPage {
  connector_metadata?: unknown;
}

/**
 * Pages of an execute list action: the same request again with `params.cursor` set to the
 * answer's `end_cursor` (or `endCursor`) while `has_next_page` (or `hasNextPage`) is true.
 * `fetchPage` gets no cursor for the first page, which is sent as the caller wrote it.
 */
export async function* pagesByCursorParam<Page extends CursorPage>(
  fetchPage: (cursor: string | undefined) => Promise<Page>,
  firstCursor: unknown,
  where: string,
  signal: AbortSignal | undefined,
): AsyncGenerator<Page> {
  const seen = new Set<unknown>([firstCursor]);
  let cursor: string | undefined;
  for (;;) {
    if (signal?.aborted) throw abortedError(signal);
    const page = await fetchPage(cursor);
    yield page;
    const info = page.connector_metadata as Record<string, unknown> | null | undefined;
    if (typeof info !== "object" || info === null || (info.has_next_page ?? info.hasNextPage) !== true)
      return;
    const next = info.end_cursor ?? info.endCursor;
    if (typeof next !== "string" || next === "") {
      throw new InvalidResponseError(`${where} said there is a next page but gave no end_cursor`);
    }
    if (seen.has(next)) {
      throw new InvalidResponseError(
        `${where} answered the cursor ${JSON.stringify(next)} a second time: stopped instead of looping`,
      );
    }
    seen.add(next);
    cursor = next;
  }
}

/** The items of each page, from its `key` list. */
export async function* itemsOf<Item>(
  pages: AsyncIterable<object>,
  key: string,
  where: string,
): AsyncGenerator<Item> {
  for await (const page of pages) {
    const items = (page as Record<string, unknown>)[key];
    if (!Array.isArray(items))
      throw new InvalidResponseError(`${where} answered a page without its ${key} list`);
    yield* items as Item[];
  }
}

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

/** How many of the latest `next` URLs or cursors are remembered to catch a list that loops. */
const REMEMBERED = 16;

/**
 * Pages of a list answered with a `next` URL. `next` is followed by its query only, on the
 * client's own base URL, so the token and the transport stay the same: the host it names is
 * never contacted (a mock or a proxy may name another), and a path other than the list's is
 * refused.
 */
export async function* pagesByNextUrl<Page extends { next?: string | null }>(
  fetchPage: (query: Query | undefined) => Promise<Page>,
  firstQuery: Query | undefined,
  list: { baseUrl: string; path: string; signal: AbortSignal | undefined },
): AsyncGenerator<Page> {
  const recent = new Recent<string>();
  const where = `GET ${list.baseUrl}${list.path}`;
  // The list's path, alone or behind the base URL's own path (a proxy's prefix).
  const paths = [list.path, new URL(list.baseUrl).pathname.replace(/\/+$/, "") + list.path];
  let query = firstQuery;
  for (;;) {
    if (list.signal?.aborted) throw abortedError(list.signal);
    const page = await fetchPage(query);
    yield page;
    if (page.next === undefined || page.next === null || page.next === "") return;
    const next = nextUrl(page.next, `${list.baseUrl}${list.path}`, where);
    if (!paths.includes(next.pathname)) {
      throw new InvalidResponseError(
        `${where} answered a next page at ${next.pathname}: not followed, only ${list.path} is`,
      );
    }
    if (!recent.add(next.search)) {
      throw new InvalidResponseError(
        `${where} answered the next page ${describeCursor(next.searchParams.get("cursor"))} a second time: stopped instead of looping`,
      );
    }
    query = {};
    for (const key of new Set(next.searchParams.keys())) {
      const values = next.searchParams.getAll(key);
      query[key] = values.length === 1 ? values[0]! : values;
    }
  }
}

/** The latest few values seen: memory that stays bounded however long a list runs. */
class Recent<T> {
  readonly #values: T[] = [];

  /** False when `value` is among the latest ones already. */
  add(value: T): boolean {
    if (this.#values.includes(value)) return false;
    if (this.#values.push(value) > REMEMBERED) this.#values.shift();
    return true;
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
  const recent = new Recent<unknown>();
  recent.add(firstCursor);
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
    if (!recent.add(next)) {
      throw new InvalidResponseError(
        `${where} answered the cursor ${JSON.stringify(next)} a second time: stopped instead of looping`,
      );
    }
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

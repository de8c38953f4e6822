import {
  DEFAULT_PAGE_SIZE,
  decodeCursor,
  encodeCursor,
  MAX_PAGE_SIZE,
  type Page,
  pageSchema,
} from "@skyport/domain";
import { badRequest } from "./errors.ts";

export { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, pageSchema };

export interface PageRequest {
  cursor: string | null;
  limit: number;
}

/**
 * Reads `cursor` and `limit` from the query string, refusing what they cannot be. The page
 * itself is read by the domain's list function, in its database query.
 */
export function pageRequest(query: URLSearchParams): PageRequest {
  const rawLimit = query.get("limit");
  let limit = DEFAULT_PAGE_SIZE;
  if (rawLimit !== null) {
    limit = Number(rawLimit);
    if (!/^\d+$/.test(rawLimit) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw badRequest(`must be a whole number from 1 to ${MAX_PAGE_SIZE}`, "limit");
    }
  }
  const cursor = query.get("cursor");
  if (cursor !== null) decodeCursor(cursor);
  return { cursor, limit };
}

/**
 * A page cut from a whole list in memory, in key order. Only for the lists whose procedures
 * still answer arrays (the environment lists, being reworked separately); every other list
 * answers a page read by its database query.
 */
export function paginateInMemory<T>(
  items: readonly T[],
  page: PageRequest,
  keyOf: (item: T) => string,
): Page<T> {
  const sorted = [...items].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  const after = page.cursor === null ? null : decodeCursor(page.cursor);
  const rest = after === null ? sorted : sorted.filter((item) => keyOf(item) > after);
  const pageItems = rest.slice(0, page.limit);
  const last = pageItems.at(-1);
  return {
    items: pageItems,
    nextCursor: rest.length > page.limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

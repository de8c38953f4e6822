import { z } from "zod";
import { badRequest } from "./errors.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export interface PageRequest {
  cursor: string | null;
  limit: number;
}

/** `items` and the cursor of the next page (null on the last page). */
export function pageSchema(item: z.ZodType) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

function encodeCursor(id: string): string {
  return Buffer.from(JSON.stringify({ after: id }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof decoded.after === "string" && decoded.after.length > 0) return decoded.after;
  } catch {
    // fall through to the error below
  }
  throw badRequest("is not a cursor this API returned (use nextCursor from the previous page)", "cursor");
}

/** Reads `cursor` and `limit` from the query string, refusing what they cannot be. */
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
 * One page of a list, in id order (ids are time-ordered, so this is creation order). The
 * cursor names the last id seen, so a page stays correct when items before it are deleted.
 */
export function paginate<T>(items: readonly T[], page: PageRequest, keyOf: (item: T) => string) {
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

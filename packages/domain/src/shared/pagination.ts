// Keyset pagination, shared by every list of the domain and by both transports (tRPC and
// REST): a page is read with `take: limit + 1` and `key > after` in the database query, never
// by loading a whole list and slicing it in memory. The cursor is opaque to callers: the key
// of the last item of the previous page, base64url-encoded.
import { z } from "zod";
import { ValidationError } from "./errors.ts";
import { findNulCharacter } from "./nul-text.ts";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;
/** Longest cursor accepted: keys are ids (or `user:<id>`), so anything longer is not ours. */
const MAX_CURSOR_LENGTH = 200;

const LIMIT_MESSAGE = `must be a whole number from 1 to ${MAX_PAGE_SIZE}`;
const CURSOR_MESSAGE = "is not a cursor this API returned (use nextCursor from the previous page)";

/** What a caller asks for: the previous page's nextCursor (none for the first page) and a size. */
export interface PageRequest {
  cursor?: string | null;
  limit?: number | null;
}

/** One page of a list, in key order, and the cursor of the next page (null on the last). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** The page fields a list procedure's input takes besides its own. */
export const pageInputShape = {
  cursor: z.string().max(MAX_CURSOR_LENGTH, CURSOR_MESSAGE).nullish(),
  limit: z.int(LIMIT_MESSAGE).min(1, LIMIT_MESSAGE).max(MAX_PAGE_SIZE, LIMIT_MESSAGE).nullish(),
};

/** The output of a list procedure: `items` and `nextCursor`. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}

export function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ after: key }), "utf8").toString("base64url");
}

/** The key a cursor names; a cursor we did not hand out is refused naming the field. */
export function decodeCursor(cursor: string): string {
  if (cursor.length <= MAX_CURSOR_LENGTH && /^[A-Za-z0-9_-]+$/.test(cursor)) {
    try {
      const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
      // A key PostgreSQL cannot compare (a forged cursor's NUL) is not one we handed out.
      const key = decoded.after;
      if (typeof key === "string" && key.length > 0 && !findNulCharacter(key)) return key;
    } catch {
      // fall through to the error below
    }
  }
  throw new ValidationError("cursor", CURSOR_MESSAGE);
}

/** A page request resolved for a query: the key to start after and how many rows to take. */
export interface Keyset {
  /** Rows with a key greater than this one (null: from the start). */
  after: string | null;
  limit: number;
  /** `limit + 1`: the extra row only says whether another page exists. */
  take: number;
}

/** Validates a page request (the cursor and the limit, naming the field) for a keyset query. */
export function keyset(page: PageRequest = {}): Keyset {
  const limit = page.limit ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new ValidationError("limit", LIMIT_MESSAGE);
  }
  const after = page.cursor ? decodeCursor(page.cursor) : null;
  return { after, limit, take: limit + 1 };
}

/** The Prisma arguments of a keyset page over `field` (the id unless told). */
export function keysetArgs<F extends string = "id">(ks: Keyset, field: F = "id" as F) {
  return {
    where: (ks.after === null ? {} : { [field]: { gt: ks.after } }) as Partial<Record<F, { gt: string }>>,
    orderBy: { [field]: "asc" } as Record<F, "asc">,
    take: ks.take,
  };
}

/** The `where` (key after the cursor), `orderBy` and `take` of a keyset page over `field`. */
export type KeysetArgs<F extends string = "id"> = ReturnType<typeof keysetArgs<F>>;

/**
 * Reads one page of a list: validates the page request, hands `read` the keyset arguments to
 * spread into its `findMany` (the tenant floor stays in the caller's `where`), and turns the
 * rows into a page keyed by `field`.
 */
export async function readPage<T, F extends string = "id">(
  request: PageRequest,
  read: (args: KeysetArgs<F>) => Promise<readonly T[]>,
  keyOf: (row: T) => string,
  field?: F,
): Promise<Page<T>> {
  const ks = keyset(request);
  return pageOfRows(await read(keysetArgs(ks, field)), ks, keyOf);
}

/**
 * Turns the rows of a keyset query (at most `take`) into a page: the extra row, if any, is
 * dropped and makes the last kept row's key the next cursor.
 */
export function pageOfRows<T>(rows: readonly T[], ks: Keyset, keyOf: (row: T) => string): Page<T> {
  const items = rows.slice(0, ks.limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > ks.limit && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

/** The same page with every item mapped (rows to views). */
export function mapPage<T, U>(page: Page<T>, map: (item: T) => U): Page<U> {
  return { items: page.items.map(map), nextCursor: page.nextCursor };
}

/**
 * A page of a list held inside ONE row (a deployment spec's worker queues, bounded by the
 * spec's rules): the row is read anyway, so its items are paged by key here. Lists of rows
 * page in their query (keysetArgs) instead.
 */
export function pageOfEmbedded<T>(items: readonly T[], ks: Keyset, keyOf: (item: T) => string): Page<T> {
  const after = ks.after;
  const rest = items
    .filter((item) => after === null || keyOf(item) > after)
    .sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  return pageOfRows(rest.slice(0, ks.take), ks, keyOf);
}

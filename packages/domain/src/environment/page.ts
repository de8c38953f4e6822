// Environment lists page in the database query: `take` one more than the page, in the order of
// the key (a variable's key, a connection's id), from after the key the cursor names. Keys are
// unique per owner (and indexed with it), so this is a keyset cursor like the id cursors of the
// other lists, and lists keep the order people read them in. The cursor names the last key seen,
// so a page stays correct when items before it are deleted; cursors look like the other lists'.
import { ValidationError } from "../shared/errors.ts";
import { DEFAULT_ENVIRONMENT_PAGE_SIZE } from "./environment.types.ts";

export interface PageInput {
  cursor?: string | null | undefined;
  limit?: number | null | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** What the query needs: the key to start after (null: from the start) and how many to take. */
export interface PageQuery {
  after: string | null;
  take: number;
}

function encodeCursor(key: string): string {
  return Buffer.from(JSON.stringify({ after: key }), "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as { after?: unknown };
    if (typeof decoded.after === "string" && decoded.after.length > 0) return decoded.after;
  } catch {
    // reported below
  }
  throw new ValidationError(
    "cursor",
    "is not a cursor this API returned (use nextCursor from the previous page)",
  );
}

export function pageQuery(page: PageInput): PageQuery {
  const limit = page.limit ?? DEFAULT_ENVIRONMENT_PAGE_SIZE;
  return { after: page.cursor ? decodeCursor(page.cursor) : null, take: limit + 1 };
}

/** Prisma's part of a page query: key order, after the cursor, one row more than the page. */
export function pageWhere<K extends string>(query: PageQuery, key: K) {
  return {
    where: (query.after === null ? {} : { [key]: { gt: query.after } }) as Partial<Record<K, { gt: string }>>,
    orderBy: { [key]: "asc" } as Record<K, "asc">,
    take: query.take,
  };
}

/** Cuts the extra row off and turns its predecessor's key into the next cursor. */
export async function pageFrom<Row, T>(
  rows: readonly Row[],
  query: PageQuery,
  keyOf: (row: Row) => string,
  view: (row: Row) => Promise<T>,
): Promise<Page<T>> {
  const pageRows = rows.slice(0, query.take - 1);
  const last = pageRows.at(-1);
  return {
    items: await Promise.all(pageRows.map(view)),
    nextCursor: rows.length >= query.take && last !== undefined ? encodeCursor(keyOf(last)) : null,
  };
}

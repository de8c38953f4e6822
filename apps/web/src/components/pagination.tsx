import Link from "next/link";

/** Items per list query in the console: the API's largest page. */
export const CONSOLE_PAGE_SIZE = 200;

interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Every item of a list, one bounded page query after another (for pickers and short lists
 * such as members and teams, where the page must show them all).
 */
export async function loadAllPages<T>(
  loadPage: (page: { cursor?: string; limit: number }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await loadPage({ ...(cursor ? { cursor } : {}), limit: CONSOLE_PAGE_SIZE });
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** The `cursor` search parameter of a paged console list (null: the first page). */
export function cursorParam(searchParams: Record<string, string | string[] | undefined>): string | null {
  const value = searchParams.cursor;
  return typeof value === "string" && value ? value : null;
}

/**
 * Says that a list goes on and links to its next page (and back to the first), so a long
 * list is never cut silently. `basePath` may carry the list's filters as a query string.
 */
export function PageLinks({
  basePath,
  cursor,
  nextCursor,
  noun,
}: {
  basePath: string;
  cursor: string | null;
  nextCursor: string | null;
  noun: string;
}) {
  if (!cursor && !nextCursor) return null;
  const link =
    "rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-600";
  return (
    <nav
      aria-label={`More ${noun}`}
      className="flex flex-wrap items-center gap-4 px-5 py-3 text-sm text-fg-muted"
    >
      {nextCursor ? <span>More {noun} follow.</span> : <span>Last page of {noun}.</span>}
      {cursor ? (
        <Link href={basePath} className={link}>
          First page
        </Link>
      ) : null}
      {nextCursor ? (
        <Link
          href={`${basePath}${basePath.includes("?") ? "&" : "?"}cursor=${encodeURIComponent(nextCursor)}`}
          className={link}
        >
          Next {CONSOLE_PAGE_SIZE} {noun} →
        </Link>
      ) : null}
    </nav>
  );
}

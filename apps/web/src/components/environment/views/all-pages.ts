// Server views show an owner's whole list: they read it page by page (each page one query).
import { MAX_PAGE_SIZE, type Page } from "@skyport/domain";

export async function allPages<T>(
  readPage: (page: { cursor?: string; limit: number }) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await readPage({ limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

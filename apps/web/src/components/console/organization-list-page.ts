import { loadAllPages } from "@/components/pagination.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

type ServerCaller = Awaited<ReturnType<typeof getServerCaller>>;
type ListPage<T> = { items: T[]; nextCursor: string | null };

/**
 * What the organization's list pages (workspaces, teams, members) start from: the caller,
 * whether they own the organization, and every item of the list sorted by name.
 */
export async function loadOrganizationList<T extends { name: string }>(
  organizationId: string,
  list: (caller: ServerCaller, page: { cursor?: string; limit: number }) => Promise<ListPage<T>>,
): Promise<{ caller: ServerCaller; isOwner: boolean; items: T[] }> {
  const caller = await getServerCaller();
  const [organizations, items] = await Promise.all([
    loadForPage(caller.organization.listMine()),
    loadForPage(loadAllPages((page) => list(caller, page))),
  ]);
  const isOwner = organizations.find((o) => o.id === organizationId)?.role === "ORGANIZATION_OWNER";
  return { caller, isOwner, items: items.sort((a, b) => a.name.localeCompare(b.name)) };
}

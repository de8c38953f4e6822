import { notFound, redirect } from "next/navigation";
import type { ReactNode } from "react";
import { ConsoleHeader } from "@/components/console/console-header.tsx";
import { consoleSections } from "@/components/console/sections.ts";
import { SidebarNav } from "@/components/console/sidebar-nav.tsx";
import { loadAllPages } from "@/components/pagination.tsx";
import { hostedClerk } from "@/server/identity-mode.ts";
import { currentPath, getServerCaller, signInUrl } from "@/server/trpc/server-caller.ts";

/**
 * The signed-in console for one organization: header (organization switcher, user menu),
 * sidebar and the page. Signed-out visitors go to sign in and come back; people who are not
 * members get the same 404 as for an organization that does not exist.
 */
export default async function OrganizationLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ organizationId: string }>;
}) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const me = await caller.auth.me();
  if (!me) redirect(signInUrl(await currentPath()));

  const organizations = await caller.organization.listMine();
  const current = organizations.find((o) => o.id === organizationId);
  // Not a member and no such organization look the same, by design.
  if (!current) notFound();
  // Owners hold every section; for others, which workspaces they own decides API tokens.
  const workspaces =
    current.role === "ORGANIZATION_OWNER"
      ? []
      : await loadAllPages((page) => caller.workspace.list({ organizationId, ...page }));
  const sections = consoleSections({
    organizationRole: current.role,
    workspaceRoles: workspaces.flatMap((workspace) => (workspace.role ? [workspace.role] : [])),
  });

  return (
    <div className="flex flex-1 flex-col">
      <ConsoleHeader
        user={me}
        organizations={organizations}
        current={current}
        clerkPublishableKey={hostedClerk()?.publishableKey ?? null}
      />
      <div className="mx-auto flex w-full max-w-7xl flex-1 flex-col gap-6 px-4 py-6 sm:px-6 md:flex-row lg:px-8">
        <aside className="md:w-52 md:shrink-0">
          <SidebarNav organizationId={organizationId} sections={sections} />
        </aside>
        <main id="main" className="min-w-0 flex-1">
          {children}
        </main>
      </div>
    </div>
  );
}

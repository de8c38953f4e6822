import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { loadWorkspace } from "@/components/console/access.ts";
import { AutoRefresh } from "@/components/deployments/auto-refresh.tsx";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { DeploymentsTable } from "@/components/deployments/deployments-table.tsx";
import { canCreateDeployments } from "@/components/deployments/permissions.ts";
import { provisionerWorking } from "@/components/deployments/runtime-state.ts";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { CONSOLE_PAGE_SIZE, cursorParam, PageLinks } from "@/components/pagination.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage({
  params,
  searchParams,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { organizationId, workspaceId } = await params;
  const cursor = cursorParam(await searchParams);
  const caller = await getServerCaller();
  const ref = { organizationId, workspaceId };
  const crumbs = (workspaceName: string) => [
    { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
    { label: workspaceName, href: `/orgs/${organizationId}/workspaces/${workspaceId}` },
    { label: "Deployments" },
  ];

  const workspace = await loadWorkspace(organizationId, workspaceId);
  // One page per view (read by its database query); the links below lead to the next one.
  const page = await loadForPage(
    caller.deployment.list({ ...ref, ...(cursor ? { cursor } : {}), limit: CONSOLE_PAGE_SIZE }),
  );
  const deployments = page.items;
  const canCreate = canCreateDeployments(workspace.role);
  const newHref = `/orgs/${organizationId}/workspaces/${workspaceId}/deployments/new`;
  const working = deployments.some(provisionerWorking);

  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs items={crumbs(workspace.name)} />
        <PageHeader
          title="Deployments"
          description={`Airflow runtimes in ${workspace.name}. Each one runs in its own Kubernetes namespace with its own metadata database.`}
          actions={
            canCreate ? (
              <Link href={newHref} className={buttonClasses.primary}>
                Create deployment
              </Link>
            ) : undefined
          }
        />
      </div>

      <Section
        id="deployments-heading"
        title={`Deployments (${cursor || page.nextCursor ? `${deployments.length} on this page` : deployments.length})`}
      >
        {deployments.length === 0 ? (
          <EmptyState
            title="No deployments yet"
            action={
              canCreate ? (
                <Link href={newHref} className={buttonClasses.primary}>
                  Create the first one
                </Link>
              ) : undefined
            }
          >
            {canCreate
              ? "Pick an Airflow version, an executor and sizes; Skyport provisions the runtime."
              : "Workspace operators and owners can create them."}
          </EmptyState>
        ) : (
          <DeploymentsTable organizationId={organizationId} deployments={deployments} />
        )}
        <PageLinks
          basePath={`/orgs/${organizationId}/workspaces/${workspaceId}/deployments`}
          cursor={cursor}
          nextCursor={page.nextCursor}
          noun="deployments"
        />
        {working ? (
          <div className="border-t border-line px-5 py-2">
            <AutoRefresh active />
          </div>
        ) : null}
      </Section>
    </div>
  );
}

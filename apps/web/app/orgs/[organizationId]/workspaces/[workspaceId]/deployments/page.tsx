import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { AutoRefresh } from "@/components/deployments/auto-refresh.tsx";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { DeploymentsTable } from "@/components/deployments/deployments-table.tsx";
import { canCreateDeployments } from "@/components/deployments/permissions.ts";
import { provisionerWorking } from "@/components/deployments/runtime-state.ts";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Deployments" };

export default async function DeploymentsPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const caller = await getServerCaller();
  const ref = { organizationId, workspaceId };
  const crumbs = (workspaceName: string) => [
    { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
    { label: workspaceName, href: `/orgs/${organizationId}/workspaces/${workspaceId}` },
    { label: "Deployments" },
  ];

  const workspace = await loadForPage(caller.workspace.get(ref));
  const deployments = await loadForPage(caller.deployment.list(ref));
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

      <Section id="deployments-heading" title={`Deployments (${deployments.length})`}>
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
        {working ? (
          <div className="border-t border-line px-5 py-2">
            <AutoRefresh active />
          </div>
        ) : null}
      </Section>
    </div>
  );
}

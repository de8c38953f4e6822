import { NoAccess } from "@skyport/ui";
import type { Metadata } from "next";
import { loadWorkspace } from "@/components/console/access.ts";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { newestRuntimesFirst } from "@/components/deployments/catalog-order.ts";
import { CreateDeploymentForm } from "@/components/deployments/create-deployment-form.tsx";
import { canCreateDeployments } from "@/components/deployments/permissions.ts";
import { PageHeader } from "@/components/page-header.tsx";
import { roleLabel } from "@/components/roles.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Create deployment" };

export default async function NewDeploymentPage({
  params,
}: {
  params: Promise<{ organizationId: string; workspaceId: string }>;
}) {
  const { organizationId, workspaceId } = await params;
  const caller = await getServerCaller();
  // No role in the workspace at all: its layout already answered with the "no access" page.
  const workspace = await loadWorkspace(organizationId, workspaceId);
  const crumbs = [
    { label: "Workspaces", href: `/orgs/${organizationId}/workspaces` },
    { label: workspace.name, href: `/orgs/${organizationId}/workspaces/${workspaceId}` },
    { label: "Deployments", href: `/orgs/${organizationId}/workspaces/${workspaceId}/deployments` },
    { label: "New" },
  ];

  if (!canCreateDeployments(workspace.role)) {
    return (
      <div className="space-y-6">
        <div>
          <Breadcrumbs items={crumbs} />
          <PageHeader title="Create deployment" />
        </div>
        <NoAccess
          title="Workspace operators create deployments"
          message={`Creating deployments needs the Workspace operator role or higher${
            workspace?.role ? `; you are ${roleLabel(workspace.role)}` : ""
          }. A workspace owner can grant it.`}
        />
      </div>
    );
  }

  const catalog = await loadForPage(caller.deployment.runtimeCatalog()).then(newestRuntimesFirst);
  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs items={crumbs} />
        <PageHeader
          title="Create deployment"
          description={`A new Airflow runtime in ${workspace.name}, provisioned on Kubernetes from the official Apache Airflow images.`}
        />
      </div>
      <CreateDeploymentForm organizationId={organizationId} workspaceId={workspaceId} catalog={catalog} />
    </div>
  );
}

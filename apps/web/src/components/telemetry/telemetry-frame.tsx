import type { Crumb } from "@skyport/ui";
import type { ReactNode } from "react";
import { loadDeployment } from "@/components/console/access.ts";
import { Breadcrumbs } from "@/components/deployments/breadcrumbs.tsx";
import { deploymentCrumbs } from "@/components/deployments/deployment-crumbs.ts";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { PageHeader } from "@/components/page-header.tsx";

/** Breadcrumbs (down to the deployment and `trail`, by default one crumb: the title), heading and the deployment's tabs, around a telemetry page. */
export async function TelemetryFrame({
  organizationId,
  deploymentId,
  title,
  trail = [{ label: title }],
  description,
  actions,
  children,
}: {
  organizationId: string;
  deploymentId: string;
  title: string;
  trail?: Crumb[];
  description?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const deployment = await loadDeployment(organizationId, deploymentId);
  const { crumbs } = await deploymentCrumbs(organizationId, deployment.workspaceId);
  return (
    <div className="space-y-6">
      <div>
        <Breadcrumbs
          items={[
            ...crumbs,
            { label: deployment.name, href: `/orgs/${organizationId}/deployments/${deploymentId}` },
            ...trail,
          ]}
        />
        <PageHeader title={title} description={description} actions={actions} />
        <div className="mt-4">
          <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />
        </div>
      </div>
      {children}
    </div>
  );
}

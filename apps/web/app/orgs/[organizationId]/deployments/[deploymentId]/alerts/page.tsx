import type { Metadata } from "next";
import { canManageDeploymentAlerts } from "@/components/alerts/alert-access.ts";
import { AlertsOverview } from "@/components/alerts/alerts-overview.tsx";
import { loadDeployment } from "@/components/console/access.ts";
import type { DeploymentPageProps } from "@/components/console/page-props.ts";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { PageHeader } from "@/components/page-header.tsx";

export const metadata: Metadata = { title: "Alerts" };

/** The deployment's alert rules, incidents and notification channels. */
export default async function DeploymentAlertsPage(page: DeploymentPageProps) {
  const { organizationId, deploymentId } = await page.params;
  const deployment = await loadDeployment(organizationId, deploymentId);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Alerts of ${deployment.name}`}
        description="Rules watching this deployment (its own and the workspace's), what they noticed, and where they notify."
      />
      <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />
      <AlertsOverview
        organizationId={organizationId}
        workspaceId={deployment.workspaceId}
        deploymentId={deploymentId}
        canManage={await canManageDeploymentAlerts(deployment)}
      />
    </div>
  );
}

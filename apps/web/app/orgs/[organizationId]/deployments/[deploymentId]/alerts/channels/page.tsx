import type { Metadata } from "next";
import { canManageDeploymentAlerts } from "@/components/alerts/alert-access.ts";
import { ChannelsManager } from "@/components/alerts/channels-manager.tsx";
import { loadDeployment } from "@/components/console/access.ts";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { PageHeader } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Notification channels" };

/** Where this deployment's alerts can go: its own channels and those shared from above. */
export default async function DeploymentChannelsPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const caller = await getServerCaller();
  const [deployment, channels] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.notificationChannel.list({ organizationId, deploymentId, limit: 200 })),
  ]);
  const canManage = await canManageDeploymentAlerts(deployment);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Notification channels of ${deployment.name}`}
        description="Slack, e-mail, PagerDuty, Opsgenie and signed webhooks that alert rules notify."
      />
      <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />
      <ChannelsManager
        owner={{ organizationId, deploymentId }}
        channels={channels.items}
        canManage={canManage}
      />
    </div>
  );
}

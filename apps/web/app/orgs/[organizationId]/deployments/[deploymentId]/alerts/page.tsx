import type { Metadata } from "next";
import Link from "next/link";
import { canManageDeploymentAlerts } from "@/components/alerts/alert-access.ts";
import { IncidentsTable } from "@/components/alerts/alert-tables.tsx";
import { RulesManager } from "@/components/alerts/rules-manager.tsx";
import { buttonClasses } from "@/components/button-classes.ts";
import { loadDeployment } from "@/components/console/access.ts";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Alerts" };

/** The deployment's alert rules (managed here by operators) and its incident history. */
export default async function DeploymentAlertsPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const caller = await getServerCaller();
  const [deployment, rules, incidents, channels, seen] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.alert.list({ organizationId, deploymentId, limit: 200 })),
    loadForPage(caller.alert.incidents({ organizationId, deploymentId, limit: 200 })),
    loadForPage(caller.notificationChannel.list({ organizationId, deploymentId, limit: 200 })),
    loadForPage(caller.alert.seenIds({ organizationId, deploymentId })),
  ]);
  const canManage = await canManageDeploymentAlerts(deployment);
  const base = `/orgs/${organizationId}/deployments/${deploymentId}/alerts`;
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Alerts of ${deployment.name}`}
        description="Rules watching this deployment (its own and the workspace's) and what they noticed."
        actions={
          <Link className={buttonClasses.secondary} href={`${base}/channels`}>
            Notification channels
          </Link>
        }
      />
      <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />
      <RulesManager
        organizationId={organizationId}
        workspaceId={deployment.workspaceId}
        deploymentId={deploymentId}
        rules={rules.items}
        channels={channels.items.map(({ id, name, kind }) => ({ id, name, kind }))}
        seen={seen}
        canManage={canManage}
      />
      <Section id="incidents" title="Incidents" description="Newest first; open one for its notifications.">
        <IncidentsTable
          incidents={[...incidents.items].reverse()}
          incidentHref={(incident) => `${base}/incidents/${incident.id}`}
        />
      </Section>
    </div>
  );
}

import type { Metadata } from "next";
import Link from "next/link";
import { IncidentTimeline } from "@/components/alerts/incident-timeline.tsx";
import { loadDeployment } from "@/components/console/access.ts";
import { DeploymentTabs } from "@/components/deployments/deployment-tabs.tsx";
import { PageHeader } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Incident" };

/** One incident: when it opened, every notification attempt, and when it resolved. */
export default async function IncidentPage(page: {
  params: Promise<{ organizationId: string; deploymentId: string; incidentId: string }>;
}) {
  const { organizationId, deploymentId, incidentId } = await page.params;
  const caller = await getServerCaller();
  const timeline = await loadForPage(caller.alert.incidentTimeline({ organizationId, incidentId }));
  // Already read by the deployment's layout (the same request-cached lookup).
  const deployment = await loadDeployment(organizationId, deploymentId);
  return (
    <div className="space-y-6">
      <PageHeader
        title={timeline.incident.summary}
        description={
          <>
            Rule {timeline.incident.ruleName} on {deployment.name}.{" "}
            <Link
              className="font-medium text-link hover:underline"
              href={`/orgs/${organizationId}/deployments/${deploymentId}/alerts`}
            >
              All alerts
            </Link>
          </>
        }
      />
      <DeploymentTabs organizationId={organizationId} deploymentId={deploymentId} />
      <IncidentTimeline timeline={timeline} />
    </div>
  );
}

import type { Metadata } from "next";
import { AlertRulesTable, IncidentsTable } from "@/components/alerts/alert-tables.tsx";
import { loadDeployment } from "@/components/console/access.ts";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Alerts" };

/** The deployment's alert rules and its incident history (where alert notifications link). */
export default async function DeploymentAlertsPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
}) {
  const { organizationId, deploymentId } = await params;
  const caller = await getServerCaller();
  const [deployment, rules, incidents] = await Promise.all([
    loadDeployment(organizationId, deploymentId),
    loadForPage(caller.alert.list({ organizationId, deploymentId, limit: 200 })),
    loadForPage(caller.alert.incidents({ organizationId, deploymentId, limit: 200 })),
  ]);
  return (
    <div className="space-y-6">
      <PageHeader
        title={`Alerts of ${deployment.name}`}
        description="Rules watching this deployment and what they noticed."
      />
      <Section id="alert-rules" title="Alert rules">
        <AlertRulesTable rules={rules.items} />
      </Section>
      <Section id="incidents" title="Incidents">
        <IncidentsTable incidents={[...incidents.items].reverse()} />
      </Section>
    </div>
  );
}

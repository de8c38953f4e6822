import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { FailingDagsTable } from "@/components/telemetry/failing-dags-table.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Failing DAGs" };

/** Every DAG whose latest run failed, across the organization's deployments the person can see runs of. */
export default async function FailingDagsPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const { deploymentsChecked, failingDags } = await loadForPage(
    caller.telemetry.listFailingDags({ organizationId, limit: 200 }),
  );

  return (
    <div className="space-y-6">
      <PageHeader
        title="Failing DAGs"
        description="DAGs whose latest run failed, in every deployment of this organization whose runs you can see. A DAG leaves the list when a later run succeeds."
      />
      <Section
        id="failing-dags-heading"
        title="DAGs"
        description={`${deploymentsChecked} ${deploymentsChecked === 1 ? "deployment" : "deployments"} checked. Times are in UTC.`}
      >
        {deploymentsChecked === 0 ? (
          <EmptyState title="No deployment to check">
            You hold no role in a workspace or deployment of this organization yet; ask a workspace owner to
            add you.
          </EmptyState>
        ) : failingDags.length === 0 ? (
          <EmptyState title="No failing DAGs">
            The latest run of every DAG that reported succeeded or is still running. Deployments report their
            runs through OpenLineage; one that never reported has its setup on its overview.
          </EmptyState>
        ) : (
          <FailingDagsTable organizationId={organizationId} dags={failingDags} />
        )}
      </Section>
    </div>
  );
}

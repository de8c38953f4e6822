import { EmptyState, Table, TBody, Td, THead, Th, Tr, Truncate } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { telemetryPaths } from "@/components/telemetry/run-format.ts";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Failing DAGs" };

const link =
  "rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/** Every DAG whose latest run failed, across the organization's deployments the person can see runs of. */
export default async function FailingDagsPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const { deploymentsChecked, failingDags } = await loadForPage(
    caller.telemetry.listFailingDags({ organizationId }),
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
          <Table dense>
            <caption className="sr-only">DAGs whose latest run failed, most recent failure first</caption>
            <THead>
              <Tr>
                {["DAG", "Deployment", "Failed (UTC)", "Error"].map((column) => (
                  <Th key={column}>{column}</Th>
                ))}
              </Tr>
            </THead>
            <TBody>
              {failingDags.map((dag) => {
                const paths = telemetryPaths(organizationId, dag.deploymentId);
                return (
                  <Tr key={dag.dagRunId}>
                    <Td label="DAG" className="max-w-[14rem]">
                      <Link
                        href={paths.dag(dag.dagId)}
                        className={`${link} block truncate`}
                        title={dag.dagId}
                      >
                        {dag.dagId}
                      </Link>
                    </Td>
                    <Td label="Deployment" className="max-w-[14rem]">
                      <Link
                        href={paths.deployment}
                        className={`${link} block truncate`}
                        title={dag.deploymentName}
                      >
                        {dag.deploymentName}
                      </Link>
                      <span className="block truncate text-xs text-fg-muted" title={dag.workspaceName}>
                        {dag.workspaceName}
                      </span>
                    </Td>
                    <Td label="Failed (UTC)" className="whitespace-nowrap">
                      <Link href={paths.run(dag.dagRunId)} className={link}>
                        {formatUtc(dag.failedAt)}
                      </Link>
                    </Td>
                    <Td label="Error" className="max-w-[22rem]">
                      <Truncate
                        text={dag.errorMessage ?? `${dag.failedTaskCount} task(s) failed`}
                        lines={2}
                      />
                    </Td>
                  </Tr>
                );
              })}
            </TBody>
          </Table>
        )}
      </Section>
    </div>
  );
}

import type { FailingDagView } from "@skyport/domain";
import { HeaderRow, Table, TBody, Td, Tr, Truncate } from "@skyport/ui";
import Link from "next/link";
import { formatUtc } from "@/components/time-format.ts";
import { telemetryPaths } from "./run-format.ts";

const link =
  "rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

type FailingDag = FailingDagView & { deploymentName?: string; workspaceName?: string };

/**
 * DAGs whose latest run failed, most recent failure first: each links to its DAG page and its
 * failed run; across deployments (deployment names given) each names its deployment too.
 */
export function FailingDagsTable({
  organizationId,
  dags,
}: {
  organizationId: string;
  dags: readonly FailingDag[];
}) {
  const acrossDeployments = dags.some((dag) => dag.deploymentName !== undefined);
  return (
    <Table dense>
      <caption className="sr-only">DAGs whose latest run failed, most recent failure first</caption>
      <HeaderRow columns={["DAG", ...(acrossDeployments ? ["Deployment"] : []), "Failed (UTC)", "Error"]} />
      <TBody>
        {dags.map((dag) => {
          const paths = telemetryPaths(organizationId, dag.deploymentId);
          return (
            <Tr key={dag.dagRunId}>
              <Td label="DAG" className="max-w-[14rem]">
                <Link href={paths.dag(dag.dagId)} className={`${link} block truncate`} title={dag.dagId}>
                  {dag.dagId}
                </Link>
              </Td>
              {acrossDeployments ? (
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
              ) : null}
              <Td label="Failed (UTC)" className="whitespace-nowrap">
                <Link href={paths.run(dag.dagRunId)} className={link}>
                  {formatUtc(dag.failedAt)}
                </Link>
              </Td>
              <Td label="Error" className="max-w-[22rem]">
                <Truncate text={dag.errorMessage ?? `${dag.failedTaskCount} task(s) failed`} lines={2} />
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}

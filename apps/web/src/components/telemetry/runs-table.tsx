import type { DagRunView } from "@skyport/domain";
import { HeaderRow, Table, TBody, Td, Tr, Truncate } from "@skyport/ui";
import Link from "next/link";
import { Moment } from "@/components/moment.tsx";
import { formatDuration, telemetryPaths, triggerText } from "./run-format.ts";
import { RunStateBadge } from "./run-state-badge.tsx";

const link =
  "rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/** DAG runs, newest activity first: each links to its run page and its DAG's page. */
export function RunsTable({
  organizationId,
  deploymentId,
  runs,
  showDag = true,
}: {
  organizationId: string;
  deploymentId: string;
  runs: readonly DagRunView[];
  showDag?: boolean;
}) {
  const paths = telemetryPaths(organizationId, deploymentId);
  return (
    <Table dense>
      <caption className="sr-only">DAG runs, newest activity first. Times are in UTC.</caption>
      <HeaderRow
        columns={["State", ...(showDag ? ["DAG"] : []), "Run", "Started (UTC)", "Duration", "Trigger"]}
      />
      <TBody>
        {runs.map((run) => (
          <Tr key={run.id}>
            <Td label="State">
              <RunStateBadge state={run.state} />
              {run.failedTaskCount > 0 ? (
                <span className="mt-1 block text-xs text-danger-fg">
                  {run.failedTaskCount} of {run.taskCount} tasks failed
                </span>
              ) : null}
            </Td>
            {showDag ? (
              <Td label="DAG" className="max-w-[14rem]">
                <Link href={paths.dag(run.dagId)} className={`${link} block truncate`} title={run.dagId}>
                  {run.dagId}
                </Link>
              </Td>
            ) : null}
            <Td label="Run" className="max-w-[16rem]">
              <Link href={paths.run(run.id)} className={`${link} block font-mono text-xs`}>
                <Truncate text={run.airflowRunId ?? run.runId} />
              </Link>
              {run.logicalDate ? (
                <span className="block text-xs whitespace-nowrap text-fg-muted">
                  logical date <Moment at={run.logicalDate} />
                </span>
              ) : null}
            </Td>
            <Td label="Started (UTC)" className="whitespace-nowrap">
              {run.startedAt ? <Moment at={run.startedAt} /> : "—"}
            </Td>
            <Td label="Duration" className="whitespace-nowrap">
              {run.state === "RUNNING" && run.durationMs === null
                ? "running…"
                : formatDuration(run.durationMs)}
            </Td>
            <Td label="Trigger">{triggerText(run.runType)}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}

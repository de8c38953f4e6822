import type { TelemetrySummary } from "@skyport/domain";
import { Table, TBody, Td, THead, Th, Tr, Truncate } from "@skyport/ui";
import Link from "next/link";
import { formatUtc } from "@/components/time-format.ts";
import { NoRunsYet } from "./no-runs-yet.tsx";
import { telemetryPaths } from "./run-format.ts";
import { RunsByStateList } from "./runs-by-state.tsx";

const link =
  "rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/** The overview's telemetry: when the runtime last reported, the last day's runs by state, failing DAGs. */
export function TelemetrySummaryPanel({
  organizationId,
  deploymentId,
  summary,
}: {
  organizationId: string;
  deploymentId: string;
  summary: TelemetrySummary;
}) {
  if (!summary.lastEventReceivedAt) return <NoRunsYet title="No events received yet" />;
  const paths = telemetryPaths(organizationId, deploymentId);
  const since = summary.since.toISOString();
  const dayTotal = Object.values(summary.runsByState).reduce((sum, count) => sum + count, 0);
  return (
    <div className="divide-y divide-line">
      <p className="px-5 py-4 text-sm text-fg">
        Last event received{" "}
        <time dateTime={summary.lastEventReceivedAt.toISOString()} className="font-medium">
          {formatUtc(summary.lastEventReceivedAt)}
        </time>
        .{" "}
        <Link href={paths.runs} className={link}>
          All DAG runs →
        </Link>
      </p>
      <div>
        <h3 className="px-5 pt-4 text-sm font-medium text-fg">Runs in the last 24 hours</h3>
        {dayTotal > 0 ? (
          <RunsByStateList
            counts={summary.runsByState}
            href={(state) => `${paths.runs}?state=${state}&from=${encodeURIComponent(since)}`}
          />
        ) : (
          <p className="px-5 py-4 text-sm text-fg-muted">No run was active in the last 24 hours.</p>
        )}
      </div>
      <div>
        <h3 className="px-5 pt-4 text-sm font-medium text-fg">Failing DAGs</h3>
        {summary.failingDags.length === 0 ? (
          <p className="px-5 py-4 text-sm text-fg-muted">No DAG’s latest run failed.</p>
        ) : (
          <div className="pt-2">
            <Table dense>
              <caption className="sr-only">DAGs whose latest run failed</caption>
              <THead>
                <Tr>
                  <Th>DAG</Th>
                  <Th>Failed (UTC)</Th>
                  <Th>Error</Th>
                </Tr>
              </THead>
              <TBody>
                {summary.failingDags.map((dag) => (
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
                    <Td label="Failed (UTC)" className="whitespace-nowrap">
                      <Link href={paths.run(dag.dagRunId)} className={link}>
                        {formatUtc(dag.failedAt)}
                      </Link>
                    </Td>
                    <Td label="Error" className="max-w-[20rem]">
                      <Truncate
                        text={dag.errorMessage ?? `${dag.failedTaskCount} task(s) failed`}
                        lines={2}
                      />
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </div>
    </div>
  );
}

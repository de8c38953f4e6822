import type { TelemetrySummary } from "@skyport/domain";
import Link from "next/link";
import { formatUtc } from "@/components/time-format.ts";
import { FailingDagsTable } from "./failing-dags-table.tsx";
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
            <FailingDagsTable organizationId={organizationId} dags={summary.failingDags} />
          </div>
        )}
      </div>
    </div>
  );
}

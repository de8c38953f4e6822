import { RUNS_OVERVIEW_RANGES, type RunsOverview } from "@skyport/domain";
import Link from "next/link";
import { DagPercentilesChart, RunsOverviewChart } from "./charts.tsx";

const rangeLink =
  "rounded px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus";

/**
 * The overview's run charts over a time range the reader picks (a link per range, so the
 * choice is in the URL): runs by state over time, failures, and each DAG's duration p50/p90.
 */
export function RunsOverviewPanel({ overview, basePath }: { overview: RunsOverview; basePath: string }) {
  const total = overview.buckets.reduce(
    (sum, bucket) => sum + Object.values(bucket.runsByState).reduce((a, b) => a + b, 0),
    0,
  );
  return (
    <div className="divide-y divide-line">
      <nav aria-label="Time range" className="flex flex-wrap items-center gap-1 px-5 py-3">
        <span className="mr-2 text-sm text-fg-muted">Time range</span>
        {RUNS_OVERVIEW_RANGES.map((range) => (
          <Link
            key={range}
            href={`${basePath}?range=${range}`}
            aria-current={range === overview.range ? "page" : undefined}
            className={`${rangeLink} ${range === overview.range ? "bg-surface-muted font-medium text-fg" : "text-link hover:underline"}`}
          >
            {range}
          </Link>
        ))}
      </nav>
      <div>
        <h3 className="px-5 pt-4 text-sm font-medium text-fg">Runs by state</h3>
        {total > 0 ? (
          <RunsOverviewChart overview={overview} />
        ) : (
          <p className="px-5 py-4 text-sm text-fg-muted">No run was active in the last {overview.range}.</p>
        )}
        <p className="px-5 pb-4 text-sm text-fg-muted">
          Failures: {overview.failures.failedRuns} failed runs, {overview.failures.failedTaskTries} failed
          task tries.
        </p>
      </div>
      <p className="px-5 py-3 text-sm text-fg-muted">
        The runtime's load over the same range — executor slots, queued tasks and workers per queue, scheduler
        heartbeats, DAG parse time and import errors — is on the{" "}
        <Link
          href={`${basePath}/metrics${overview.range === "30d" ? "" : `?range=${overview.range}`}`}
          className="rounded font-medium text-link hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-focus"
        >
          Metrics tab
        </Link>
        .
      </p>
      <div>
        <h3 className="px-5 pt-4 text-sm font-medium text-fg">DAG run duration (p50 / p90)</h3>
        {overview.durations.length > 0 ? (
          <DagPercentilesChart durations={overview.durations} />
        ) : (
          <p className="px-5 py-4 text-sm text-fg-muted">No run finished in the last {overview.range}.</p>
        )}
      </div>
    </div>
  );
}

import { EmptyState } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { Section } from "@/components/page-header.tsx";
import { MetricChart } from "@/components/telemetry/charts.tsx";
import type { MetricLine } from "@/components/telemetry/metric-chart.tsx";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Metrics" };

/** The ranges the picker offers, in milliseconds. */
const RANGES = { "1h": 3_600_000, "6h": 6 * 3_600_000, "24h": 86_400_000, "7d": 7 * 86_400_000 } as const;
type Range = keyof typeof RANGES;
const RANGE_LABELS: Record<Range, string> = {
  "1h": "1 hour",
  "6h": "6 hours",
  "24h": "24 hours",
  "7d": "7 days",
};

/** The series the page charts, in this order: load first, then the scheduler and the DAG files. */
const SERIES = [
  "executor_queued_tasks",
  "executor_running_tasks",
  "executor_open_slots",
  "workers",
  "pool_starving_tasks",
  "scheduler_tasks_starving",
  "scheduler_heartbeat",
  "dag_processing_total_parse_time",
  "dag_processing_import_errors",
  "dagrun_schedule_delay",
];

const TITLES: Record<string, string> = {
  executor_queued_tasks: "Queued tasks",
  executor_running_tasks: "Running tasks",
  executor_open_slots: "Open executor slots",
  workers: "Workers per queue",
  pool_starving_tasks: "Tasks starving for pool slots",
  scheduler_tasks_starving: "Tasks the scheduler cannot run",
  scheduler_heartbeat: "Scheduler heartbeats",
  dag_processing_total_parse_time: "DAG parse time",
  dag_processing_import_errors: "Import errors",
  dagrun_schedule_delay: "DAG run schedule delay",
};

function rangeParam(value: string | string[] | undefined): Range {
  return typeof value === "string" && value in RANGES ? (value as Range) : "6h";
}

/** The runtime's load over time as Airflow's StatsD metrics report it, one chart per series. */
export default async function MetricsPage(page: {
  params: Promise<{ organizationId: string; deploymentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const [{ organizationId, deploymentId }, query] = await Promise.all([page.params, page.searchParams]);
  const range = rangeParam(query.range);
  const caller = await getServerCaller();
  const to = new Date();
  const metrics = await loadForPage(
    caller.telemetry.getMetrics({
      organizationId,
      deploymentId,
      series: SERIES.join(","),
      from: new Date(to.getTime() - RANGES[range]),
      to,
    }),
  );
  // One chart per series key, a line per label set.
  const charts = SERIES.flatMap((key) => {
    const sets = metrics.series.filter((series) => series.key === key);
    const [first] = sets;
    if (!first) return [];
    const lines: MetricLine[] = sets.map((series) => ({
      name: Object.entries(series.labels)
        .map(([name, value]) => `${name}=${value}`)
        .join(" "),
      points: series.points.map((point) => ({ at: new Date(point.at).getTime(), value: point.value })),
    }));
    return [{ key, title: TITLES[key] ?? key, description: first.description, unit: first.unit, lines }];
  });
  const base = `/orgs/${organizationId}/deployments/${deploymentId}/metrics`;

  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      title="Metrics"
      description={`The runtime's load as its Airflow reports it over StatsD, in steps of ${metrics.stepSeconds >= 3600 ? `${metrics.stepSeconds / 3600} h` : `${metrics.stepSeconds / 60} min`}. Times are in UTC.`}
    >
      <nav aria-label="Time range" className="flex flex-wrap gap-2">
        {(Object.keys(RANGES) as Range[]).map((value) => (
          <Link
            key={value}
            href={`${base}?range=${value}`}
            aria-current={value === range ? "page" : undefined}
            className={value === range ? buttonClasses.primary : buttonClasses.secondary}
          >
            {RANGE_LABELS[value]}
          </Link>
        ))}
      </nav>
      {charts.length === 0 ? (
        <EmptyState title={`No metrics in the last ${RANGE_LABELS[range]}`}>
          <p>
            On Kubernetes, Skyport scrapes each healthy runtime’s StatsD exporter every 30 seconds and keeps
            one-minute steps for 30 days. Charts appear here once the runtime runs and its scheduler reports.
          </p>
        </EmptyState>
      ) : (
        <div className="grid gap-6 lg:grid-cols-2">
          {charts.map((chart) => (
            <Section
              key={chart.key}
              id={`metric-${chart.key}`}
              title={chart.title}
              description={chart.description}
            >
              <div className="px-2 py-4">
                <MetricChart lines={chart.lines} unit={chart.unit} stepSeconds={metrics.stepSeconds} />
              </div>
            </Section>
          ))}
        </div>
      )}
    </TelemetryFrame>
  );
}

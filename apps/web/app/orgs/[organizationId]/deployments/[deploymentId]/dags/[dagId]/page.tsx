import { DAG_WINDOWS, type DagWindow, type RunsByState } from "@skyport/domain";
import { EmptyState, HeaderRow, Table, TBody, Td, Tr, Truncate } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { Section } from "@/components/page-header.tsx";
import { CONSOLE_PAGE_SIZE } from "@/components/pagination.tsx";
import { DagDurationChart } from "@/components/telemetry/charts.tsx";
import { formatDuration, safeDecode, telemetryPaths } from "@/components/telemetry/run-format.ts";
import { RunStateBadge } from "@/components/telemetry/run-state-badge.tsx";
import { RunsByStateList } from "@/components/telemetry/runs-by-state.tsx";
import { RunsTable } from "@/components/telemetry/runs-table.tsx";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "DAG" };

const WINDOW_LABELS: Record<DagWindow, string> = { "1d": "24 hours", "7d": "7 days", "30d": "30 days" };

function windowParam(value: string | string[] | undefined): DagWindow {
  return (DAG_WINDOWS as readonly string[]).includes(String(value)) ? (value as DagWindow) : "7d";
}

function total(counts: RunsByState): number {
  return Object.values(counts).reduce((sum, count) => sum + count, 0);
}

/** One DAG of the deployment: how its recent runs went and how long they took, and its tasks. */
export default async function DagPage({
  params,
  searchParams,
}: {
  params: Promise<{ organizationId: string; deploymentId: string; dagId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { organizationId, deploymentId, dagId: rawDagId } = await params;
  const dagId = safeDecode(rawDagId);
  const window = windowParam((await searchParams).window);
  const caller = await getServerCaller();
  const [dag, latest] = await Promise.all([
    loadForPage(caller.telemetry.getDag({ organizationId, deploymentId, dagId, window })),
    loadForPage(caller.telemetry.listRuns({ organizationId, deploymentId, dagId, limit: 20 })),
  ]);
  const paths = telemetryPaths(organizationId, deploymentId);
  const windowLink = (value: DagWindow) => `${paths.dag(dagId)}?window=${value}`;
  const points = dag.recentRuns.map((run) => ({
    id: run.id,
    label: (run.startedAt ?? run.lastEventTime).toISOString().slice(5, 16).replace("T", " "),
    state: run.state,
    durationMs: run.durationMs,
  }));
  const inWindow = total(dag.runsByState);

  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      trail={[{ label: "DAG runs", href: paths.runs }, { label: dagId }]}
      title={dagId}
      description="A DAG of this deployment, as its runtime reported it."
      actions={
        <Link href={`${paths.runs}?dagId=${encodeURIComponent(dagId)}`} className={buttonClasses.secondary}>
          Filter runs by this DAG
        </Link>
      }
    >
      <Section
        id="dag-outcomes-heading"
        title="Outcomes"
        description={`Runs with activity in the last ${WINDOW_LABELS[window]}.`}
      >
        <nav aria-label="Window" className="flex flex-wrap gap-2 px-5 pt-4">
          {DAG_WINDOWS.map((value) => (
            <Link
              key={value}
              href={windowLink(value)}
              aria-current={value === window ? "page" : undefined}
              className={value === window ? buttonClasses.primary : buttonClasses.secondary}
            >
              {WINDOW_LABELS[value]}
            </Link>
          ))}
        </nav>
        {inWindow > 0 ? (
          <RunsByStateList counts={dag.runsByState} />
        ) : (
          <p className="px-5 py-4 text-sm text-fg-muted">No runs in the last {WINDOW_LABELS[window]}.</p>
        )}
      </Section>

      <Section
        id="dag-durations-heading"
        title="Durations"
        description={
          dag.recentRuns.length === 1
            ? "The latest run, coloured by how it ended."
            : `The latest ${dag.recentRuns.length} runs, oldest first, coloured by how they ended.`
        }
      >
        <figure aria-label="Duration of each recent run; the table below lists them" className="px-2 py-4">
          <DagDurationChart points={points} />
        </figure>
      </Section>

      <Section id="dag-tasks-heading" title="Tasks" description="As the recent runs show them.">
        {dag.tasks.length === 0 ? (
          <EmptyState title="No task of this DAG has reported yet" />
        ) : (
          <Table dense>
            <caption className="sr-only">Tasks of the DAG in its recent runs</caption>
            <HeaderRow columns={["Task", "Latest state", "Tries", "Failed tries", "Mean duration"]} />
            <TBody>
              {dag.tasks.map((task) => (
                <Tr key={task.taskId}>
                  <Td label="Task" className="max-w-[18rem] font-medium">
                    <Truncate text={task.taskId} />
                  </Td>
                  <Td label="Latest state">
                    <RunStateBadge state={task.latestState} />
                  </Td>
                  <Td label="Tries">{task.tries}</Td>
                  <Td label="Failed tries" className={task.failedTries ? "text-danger-fg" : undefined}>
                    {task.failedTries}
                  </Td>
                  <Td label="Mean duration">{formatDuration(task.meanDurationMs)}</Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>

      <Section id="dag-runs-heading" title="Latest runs" description="Times are in UTC.">
        <RunsTable
          organizationId={organizationId}
          deploymentId={deploymentId}
          runs={latest.items}
          showDag={false}
        />
        {latest.nextCursor ? (
          <p className="border-t border-line px-5 py-3 text-sm">
            <Link
              href={`${paths.runs}?dagId=${encodeURIComponent(dagId)}`}
              className="rounded font-medium text-link hover:underline"
            >
              All runs of {dagId} (up to {CONSOLE_PAGE_SIZE} a page) →
            </Link>
          </p>
        ) : null}
      </Section>
    </TelemetryFrame>
  );
}

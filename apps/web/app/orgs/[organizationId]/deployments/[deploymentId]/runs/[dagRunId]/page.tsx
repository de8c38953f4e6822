import type { DatasetRef } from "@skyport/domain";
import { DescriptionList, EmptyState, HeaderRow, Table, TBody, Td, Tr } from "@skyport/ui";
import type { Metadata } from "next";
import Link from "next/link";
import { buttonClasses } from "@/components/button-classes.ts";
import { Section } from "@/components/page-header.tsx";
import { RunTimeline } from "@/components/telemetry/charts.tsx";
import {
  formatDuration,
  safeDecode,
  telemetryPaths,
  triggerText,
} from "@/components/telemetry/run-format.ts";
import { RunStateBadge } from "@/components/telemetry/run-state-badge.tsx";
import { TaskErrors } from "@/components/telemetry/task-errors.tsx";
import { TaskTriesTable } from "@/components/telemetry/task-tries-table.tsx";
import { TelemetryFrame } from "@/components/telemetry/telemetry-frame.tsx";
import { timelineBars } from "@/components/telemetry/timeline.ts";
import { formatUtc } from "@/components/time-format.ts";
import { getServerCaller, loadForPage } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "DAG run" };

function Datasets({ label, datasets }: { label: string; datasets: readonly DatasetRef[] }) {
  return (
    <div>
      <h3 className="text-xs font-semibold tracking-wide text-fg-muted uppercase">{label}</h3>
      {datasets.length === 0 ? (
        <p className="mt-1 text-sm text-fg-muted">None reported.</p>
      ) : (
        <ul className="mt-1 space-y-1 text-sm">
          {datasets.map((dataset) => (
            <li key={`${dataset.namespace}/${dataset.name}`} className="wrap-anywhere">
              <span className="font-mono text-xs text-fg">{dataset.name}</span>
              <span className="block text-xs text-fg-subtle">{dataset.namespace}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** One DAG run: its task tries on a timeline and in a table, the errors of failed tries, data quality and lineage. */
export default async function DagRunPage({
  params,
}: {
  params: Promise<{ organizationId: string; deploymentId: string; dagRunId: string }>;
}) {
  const { organizationId, deploymentId, dagRunId: rawRunId } = await params;
  const dagRunId = safeDecode(rawRunId);
  const caller = await getServerCaller();
  const ref = { organizationId, deploymentId, dagRunId };
  const [run, lineage] = await Promise.all([
    loadForPage(caller.telemetry.getRun(ref)),
    loadForPage(caller.telemetry.getRunLineage(ref)),
  ]);
  const paths = telemetryPaths(organizationId, deploymentId);
  const bars = timelineBars(run.tasks, new Date());
  const operators = new Map(lineage.operators.map((entry) => [entry.taskId, entry.operator]));
  const failedTries = run.tasks.filter((task) => task.errorMessage || task.stackTrace).length;

  return (
    <TelemetryFrame
      organizationId={organizationId}
      deploymentId={deploymentId}
      trail={[
        { label: "DAG runs", href: paths.runs },
        { label: run.dagId, href: paths.dag(run.dagId) },
        { label: run.airflowRunId ?? run.runId },
      ]}
      title={`${run.dagId} run`}
      description={<span className="font-mono text-xs break-all">{run.airflowRunId ?? run.runId}</span>}
      actions={
        <Link href={paths.dag(run.dagId)} className={buttonClasses.secondary}>
          All runs of {run.dagId}
        </Link>
      }
    >
      <Section id="run-summary-heading" title="Run">
        <DescriptionList
          className="px-5 py-4"
          items={[
            { term: "State", detail: <RunStateBadge state={run.state} /> },
            {
              term: "Logical date",
              detail: run.logicalDate ? formatUtc(run.logicalDate) : "—",
            },
            { term: "Started", detail: formatUtc(run.startedAt) },
            { term: "Ended", detail: formatUtc(run.endedAt) },
            { term: "Duration", detail: formatDuration(run.durationMs) },
            { term: "Trigger", detail: triggerText(run.runType) },
            {
              term: "Tasks",
              detail: `${run.taskCount} reported${run.failedTaskCount ? `, ${run.failedTaskCount} failed` : ""}`,
            },
            ...(run.errorMessage
              ? [{ term: "Error", detail: run.errorMessage, className: "wrap-anywhere" }]
              : []),
            { term: "OpenLineage run id", detail: run.runId, className: "font-mono" },
          ]}
        />
      </Section>

      <Section
        id="run-timeline-heading"
        title="Timeline"
        description="Each task try from its start to its end, from the run's first task start."
      >
        {bars.length > 0 ? (
          <figure
            aria-label={`Timeline of ${bars.length} task tries; the table below lists them`}
            className="px-2 py-4"
          >
            <RunTimeline bars={bars} />
          </figure>
        ) : (
          <EmptyState title="No task has reported a start yet">
            Tasks appear here once the runtime reports them running.
          </EmptyState>
        )}
      </Section>

      <Section id="run-tasks-heading" title="Task tries" description="Times are in UTC.">
        {run.tasks.length > 0 ? (
          <TaskTriesTable tasks={run.tasks} operators={operators} />
        ) : (
          <EmptyState title="No task tries reported for this run yet" />
        )}
      </Section>

      {failedTries > 0 ? (
        <Section id="run-errors-heading" title="Errors" description="What each failed try reported.">
          <TaskErrors tasks={run.tasks} />
        </Section>
      ) : null}

      {run.dataQuality.length > 0 ? (
        <Section
          id="run-quality-heading"
          title="Data quality"
          description="Assertions the run's tasks reported."
        >
          <Table dense>
            <caption className="sr-only">Data-quality assertions</caption>
            <HeaderRow columns={["Dataset", "Assertion", "Result", "Severity", "Expected · actual"]} />
            <TBody>
              {run.dataQuality.map((result) => (
                <Tr key={JSON.stringify(result)}>
                  <Td label="Dataset" className="font-mono text-xs wrap-anywhere">
                    {result.datasetName ?? "—"}
                  </Td>
                  <Td label="Assertion" className="wrap-anywhere">
                    {result.name ?? result.assertion}
                    {result.column ? (
                      <span className="block text-xs text-fg-muted">column {result.column}</span>
                    ) : null}
                  </Td>
                  <Td label="Result">
                    <RunStateBadge state={result.success ? "SUCCESS" : "FAILED"} />
                  </Td>
                  <Td label="Severity">{result.severity ?? "—"}</Td>
                  <Td label="Expected · actual" className="wrap-anywhere">
                    {result.expected ?? "—"} · {result.actual ?? "—"}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        </Section>
      ) : null}

      <Section
        id="run-lineage-heading"
        title="Lineage"
        description="Datasets the run's tasks read and wrote."
      >
        <div className="grid gap-4 px-5 py-4 sm:grid-cols-2">
          <Datasets label="Inputs" datasets={lineage.inputs} />
          <Datasets label="Outputs" datasets={lineage.outputs} />
        </div>
      </Section>

      <p className="text-sm">
        <Link href={paths.runs} className="rounded font-medium text-link hover:underline">
          ← Back to all DAG runs
        </Link>
      </p>
    </TelemetryFrame>
  );
}

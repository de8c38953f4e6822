// `skyport deployment runs`, `run`, `metrics` and `ingest-token rotate`: what a deployment's
// runtime reported over OpenLineage and StatsD, and the token it reports with.
import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import { pathsOrganizationsOrganizationIdDeploymentsDeploymentIdRunsGetParametersQueryStateValues as DAG_RUN_STATES } from "../../api/schema.ts";
import type { ItemOf, ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, defineGroup, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import {
  choiceOption,
  duration as durationOption,
  given,
  note,
  print,
  shortTime,
  wholeNumber,
  withSession,
} from "../shared.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";
import { printRunLineage, runDuration } from "./telemetry-overview.ts";

type DagRun = ItemOf<"listDagRuns">;
type TaskTry = ResponseOf<"getDagRun">["tasks"][number];
type MetricSeries = ResponseOf<"getDeploymentMetrics">["series"][number];

const runColumns: Column<DagRun>[] = [
  { header: "DAG", value: (r) => r.dagId },
  { header: "Run", value: (r) => r.airflowRunId ?? r.runId },
  { header: "State", value: (r) => r.state },
  { header: "Started", value: (r) => shortTime(r.startedAt) },
  { header: "Duration", value: (r) => runDuration(r.durationMs) },
  {
    header: "Tasks",
    value: (r) => (r.failedTaskCount > 0 ? `${r.taskCount} (${r.failedTaskCount} failed)` : r.taskCount),
  },
  { header: "ID", value: (r) => r.id },
];

const tryColumns: Column<TaskTry>[] = [
  {
    header: "Task",
    value: (t) => (t.mapIndex !== null && t.mapIndex >= 0 ? `${t.taskId}[${t.mapIndex}]` : t.taskId),
  },
  { header: "Try", value: (t) => t.tryNumber ?? "" },
  { header: "State", value: (t) => (t.source === "dag-state" ? `${t.state} (scheduler)` : t.state) },
  { header: "Started", value: (t) => shortTime(t.startedAt) },
  { header: "Duration", value: (t) => runDuration(t.durationMs) },
  { header: "Error", value: (t) => t.errorMessage ?? "" },
];

/** A value with its unit, rounded for a terminal (timers are seconds). */
function measured(value: number | undefined, unit: string): string {
  if (value === undefined) return "";
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(value < 10 ? 2 : 1);
  return unit === "seconds" ? `${rounded}s` : rounded;
}

const metricColumns: Column<MetricSeries>[] = [
  { header: "Series", value: (s) => s.key },
  {
    header: "Labels",
    value: (s) =>
      Object.entries(s.labels)
        .map(([name, value]) => `${name}=${value}`)
        .join(" "),
  },
  { header: "Latest", value: (s) => measured(s.points.at(-1)?.value, s.unit) },
  { header: "Min", value: (s) => measured(Math.min(...s.points.map((p) => p.min)), s.unit) },
  { header: "Max", value: (s) => measured(Math.max(...s.points.map((p) => p.max)), s.unit) },
  { header: "Points", value: (s) => s.points.length },
];

export function registerTelemetryCommands(deployment: Command, context: CliContext): void {
  defineCommand(
    deployment,
    "metrics <DEPLOYMENT>",
    "show a deployment's runtime metrics: latest, min and max of each series over a time range",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option(
      "--series <KEYS>",
      "comma-separated series, e.g. executor_queued_tasks,workers (default: the load series)",
    )
    .option("--since <DURATION>", "how far back, e.g. 30m, 6h or 7d (at most 30d)", durationOption, 3_600_000)
    .action(
      withSession(context, async (session, wanted: string, options: { series?: string; since: number }) => {
        const target = await resolveDeployment(session, wanted);
        const to = new Date();
        const metrics = await ok(
          session.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/metrics", {
            params: {
              path: deploymentPath(target),
              query: {
                ...(options.series ? { series: options.series } : {}),
                from: new Date(to.getTime() - options.since).toISOString(),
                to: to.toISOString(),
              },
            },
          }),
        );
        print(session, { data: metrics, columns: metricColumns, rows: metrics.series });
        if (session.output === "table" && metrics.series.length === 0) {
          note(
            session,
            "no metrics in this range yet: they appear once the runtime runs and reports its StatsD metrics",
          );
        }
      }),
    );

  defineCommand(deployment, "runs <DEPLOYMENT>", "list a deployment's DAG runs, most recent first", {
    prints: true,
  })
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option("--dag <DAG_ID>", "only runs of this DAG")
    .addOption(choiceOption("--state <state>", "only runs in this state", DAG_RUN_STATES))
    .option("--limit <n>", "how many runs to show (at most 200)", wholeNumber, 50)
    .action(
      withSession(
        context,
        async (
          session,
          wanted: string,
          options: { dag?: string; state?: DagRun["state"]; limit: number },
        ) => {
          const target = await resolveDeployment(session, wanted);
          const page = await ok(
            session.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/runs", {
              params: {
                path: deploymentPath(target),
                query: given({ dagId: options.dag || undefined, state: options.state, limit: options.limit }),
              },
            }),
          );
          print(session, { data: page.items, columns: runColumns, rows: page.items });
          if (page.nextCursor)
            note(session, `showing the ${page.items.length} most recent runs; use --limit to see more`);
        },
      ),
    );

  defineCommand(
    deployment,
    "run <DEPLOYMENT> <RUN_ID>",
    "show one DAG run with each task try (RUN_ID from `skyport deployment runs`)",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .option("--lineage", "instead: each task's operator and the datasets the run read and wrote")
    .action(
      withSession(
        context,
        async (session, wanted: string, dagRunId: string, options: { lineage?: boolean }) => {
          const target = await resolveDeployment(session, wanted);
          const path = { ...deploymentPath(target), dagRunId };
          const api = session.authenticated().api;
          if (options.lineage) {
            const lineage = await ok(
              api.GET("/organizations/{organizationId}/deployments/{deploymentId}/runs/{dagRunId}/lineage", {
                params: { path },
              }),
            );
            printRunLineage(session, lineage);
            return;
          }
          const run = await ok(
            api.GET("/organizations/{organizationId}/deployments/{deploymentId}/runs/{dagRunId}", {
              params: { path },
            }),
          );
          // JSON and YAML get the whole run; a terminal gets its task tries as a table.
          print(session, { data: run, columns: tryColumns, rows: run.tasks });
          if (session.output === "table") {
            note(
              session,
              `${run.dagId} ${run.airflowRunId ?? run.runId}: ${run.state}${run.errorMessage ? ` (${run.errorMessage})` : ""}`,
            );
          }
        },
      ),
    );

  const ingestToken = defineGroup(
    deployment,
    "ingest-token",
    "the token a deployment's runtime sends its OpenLineage events with",
  );
  defineCommand(
    ingestToken,
    "rotate <DEPLOYMENT>",
    "issue a new ingest token (shown once); the previous one stops working within 5 seconds",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .action(
      withSession(context, async (session, wanted: string) => {
        const target = await resolveDeployment(session, wanted);
        const rotated: ResponseOf<"rotateIngestToken"> = await ok(
          session.api.POST("/organizations/{organizationId}/deployments/{deploymentId}/ingest-token/rotate", {
            params: { path: deploymentPath(target) },
            body: {},
          }),
        );
        print(session, {
          data: rotated,
          details: [
            { label: "Deployment", value: target.name },
            { label: "Ingest token", value: rotated.token },
            { label: "Prefix", value: rotated.ingestToken.prefix },
            { label: "Rotated", value: shortTime(rotated.ingestToken.rotatedAt) },
          ],
        });
        note(session, "store the token now: Skyport keeps only its hash and cannot show it again");
      }),
    );
}

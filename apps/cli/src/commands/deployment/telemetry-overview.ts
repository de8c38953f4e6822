// `skyport deployment overview` and `dag`, `deployment run --lineage`'s printing, and
// `skyport organization failing-dags`:
// the telemetry reads the console's overview, DAG and run pages show, over the REST API.
import { type Command, Option } from "commander";
import { ok } from "../../api/client.ts";
import type { ResponseOf } from "../../api/types.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import type { Column } from "../../output.ts";
import type { Session } from "../../session.ts";
import { inOrganization, note, print, shortTime, wholeNumber, withSession } from "../shared.ts";
import { deploymentPath, resolveDeployment } from "./resolve.ts";

type RunsOverview = ResponseOf<"getRunsOverview">;
type DagSummary = ResponseOf<"getDagSummary">;
type RunLineage = ResponseOf<"getDagRunLineage">;
type FailingDag = ResponseOf<"listFailingDags">["items"][number];

const RANGES = ["6h", "24h", "7d", "30d"] as const satisfies readonly RunsOverview["range"][];
const WINDOWS = ["1d", "7d", "30d"] as const satisfies readonly DagSummary["window"][];

/** A run or task duration for a terminal: 42s, 3m05s, 2h10m. */
export function runDuration(ms: number | null): string {
  if (ms === null) return "";
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, "0")}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m`;
}

/** "SUCCESS 3, FAILED 1" of the states that have runs; "no runs" when none has. */
function statesLine(counts: Record<string, number>): string {
  const present = Object.entries(counts).filter(([, runs]) => runs > 0);
  return present.length ? present.map(([state, runs]) => `${state} ${runs}`).join(", ") : "no runs";
}

const durationColumns: Column<RunsOverview["durations"][number]>[] = [
  { header: "DAG", value: (d) => d.dagId },
  { header: "Finished runs", value: (d) => d.finishedRuns },
  { header: "p50", value: (d) => runDuration(d.p50Ms) },
  { header: "p90", value: (d) => runDuration(d.p90Ms) },
];

const taskColumns: Column<DagSummary["tasks"][number]>[] = [
  { header: "Task", value: (t) => t.taskId },
  { header: "Latest state", value: (t) => t.latestState },
  { header: "Tries", value: (t) => t.tries },
  { header: "Failed tries", value: (t) => t.failedTries },
  { header: "Mean duration", value: (t) => runDuration(t.meanDurationMs) },
];

const operatorColumns: Column<RunLineage["operators"][number]>[] = [
  { header: "Task", value: (o) => o.taskId },
  { header: "Operator", value: (o) => o.operator },
];

const failingColumns: Column<FailingDag>[] = [
  { header: "Workspace", value: (d) => d.workspaceName },
  { header: "Deployment", value: (d) => d.deploymentName },
  { header: "DAG", value: (d) => d.dagId },
  { header: "Failed", value: (d) => shortTime(d.failedAt) },
  { header: "Failed tasks", value: (d) => d.failedTaskCount },
  { header: "Error", value: (d) => d.errorMessage ?? "" },
];

const datasetNames = (datasets: RunLineage["inputs"]) =>
  datasets.map((dataset) => `${dataset.namespace}/${dataset.name}`).join(", ") || "none";

export function registerTelemetryOverviewCommands(deployment: Command, context: CliContext): void {
  defineCommand(
    deployment,
    "overview <DEPLOYMENT>",
    "a deployment's runs over a time range: by state, failures, and each DAG's duration p50/p90",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .addOption(new Option("--range <range>", "time range").choices(RANGES).default("24h"))
    .action(
      withSession(context, async (session, wanted: string, options: { range: RunsOverview["range"] }) => {
        const target = await resolveDeployment(session, wanted);
        const path = deploymentPath(target);
        const api = session.authenticated().api;
        const [summary, runs] = await Promise.all([
          ok(
            api.GET("/organizations/{organizationId}/deployments/{deploymentId}/telemetry-summary", {
              params: { path },
            }),
          ),
          ok(
            api.GET("/organizations/{organizationId}/deployments/{deploymentId}/runs-overview", {
              params: { path, query: { range: options.range } },
            }),
          ),
        ]);
        print(session, { data: { summary, runs }, columns: durationColumns, rows: runs.durations });
        if (session.output !== "table") return;
        if (!summary.lastEventReceivedAt) {
          note(
            session,
            "no telemetry yet: the runtime's OpenLineage provider sends its runs with the deployment's ingest token (`skyport deployment ingest-token rotate`)",
          );
          return;
        }
        const totals: Record<string, number> = {};
        for (const bucket of runs.buckets) {
          for (const [state, count] of Object.entries(bucket.runsByState)) {
            totals[state] = (totals[state] ?? 0) + count;
          }
        }
        note(session, `last event ${shortTime(summary.lastEventReceivedAt)}`);
        note(session, `runs in the last ${runs.range}: ${statesLine(totals)}`);
        note(
          session,
          `failures: ${runs.failures.failedRuns} failed runs, ${runs.failures.failedTaskTries} failed task tries`,
        );
        for (const dag of summary.failingDags) {
          note(
            session,
            `failing: ${dag.dagId} since ${shortTime(dag.failedAt)}${dag.errorMessage ? ` (${dag.errorMessage})` : ""}`,
          );
        }
      }),
    );

  defineCommand(
    deployment,
    "dag <DEPLOYMENT> <DAG_ID>",
    "one DAG: its runs in a window by state, its recent runs and each task's tries",
    { prints: true },
  )
    .addOption(workspaceOption("workspace to look the deployment name up in"))
    .addOption(
      new Option("--window <window>", "how far back runs are counted").choices(WINDOWS).default("7d"),
    )
    .action(
      withSession(
        context,
        async (session, wanted: string, dagId: string, options: { window: DagSummary["window"] }) => {
          const target = await resolveDeployment(session, wanted);
          const dag = await ok(
            session.api.GET("/organizations/{organizationId}/deployments/{deploymentId}/dags/{dagId}", {
              params: {
                path: { ...deploymentPath(target), dagId },
                query: { window: options.window },
              },
            }),
          );
          print(session, { data: dag, columns: taskColumns, rows: dag.tasks });
          if (session.output === "table") {
            note(session, `${dag.dagId}, runs in the last ${dag.window}: ${statesLine(dag.runsByState)}`);
          }
        },
      ),
    );
}

/** A run's lineage: its operators as a table, the datasets it read and wrote on stderr. */
export function printRunLineage(session: Session, lineage: RunLineage): void {
  print(session, { data: lineage, columns: operatorColumns, rows: lineage.operators });
  if (session.output === "table") {
    note(session, `read: ${datasetNames(lineage.inputs)}`);
    note(session, `wrote: ${datasetNames(lineage.outputs)}`);
  }
}

export function registerFailingDagsCommand(organization: Command, context: CliContext): void {
  defineCommand(
    organization,
    "failing-dags",
    "DAGs whose latest run failed, in every deployment you can read, most recent failure first",
    { prints: true },
  )
    .option("--limit <n>", "how many to show (at most 200)", wholeNumber, 50)
    .action(
      inOrganization(context, async (session, organizationId, options: { limit: number }) => {
        const page = await ok(
          session.api.GET("/organizations/{organizationId}/failing-dags", {
            params: { path: { organizationId }, query: { limit: options.limit } },
          }),
        );
        print(session, { data: page.items, columns: failingColumns, rows: page.items });
        if (session.output !== "table") return;
        if (page.items.length === 0) note(session, "no DAG's latest run failed");
        else if (page.nextCursor)
          note(session, `showing the ${page.items.length} most recent; use --limit to see more`);
      }),
    );
}

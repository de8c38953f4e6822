// The telemetry overviews the console shows, over what real Apache Airflow 3 sent
// (fixtures/airflow3): a deployment's summary, one DAG's history, the organization's failing
// DAGs (only deployments the caller can read), and a run's operators and datasets.
import {
  deriveDeploymentLineage,
  getDagRunLineage,
  getDagSummary,
  getRunsOverview,
  getTelemetrySummary,
  ingestLineageEvents,
  listFailingDags,
  NotFoundError,
} from "@skyport/domain";
import { type Persona, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { airflow3Events, withLineage } from "./fixtures.ts";
import { newDeployment } from "./support.ts";

const { db, world, as } = await worldOnTestDatabase();
const { organizationId, deploymentId } = world;
const NOW = new Date("2026-12-05T17:00:00Z");

type Json = Record<string, unknown>;
const airflowEvents = airflow3Events;

async function ingest(target: { organizationId: string; deploymentId: string }, events: Json[]) {
  const outcomes = await ingestLineageEvents(db, target, events, { now: NOW });
  expect(outcomes.filter((outcome) => outcome.status === "invalid")).toEqual([]);
  await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
}

const empty = await newDeployment(db, world);
await ingest({ organizationId, deploymentId }, [
  ...airflowEvents("skyport_success"),
  ...airflowEvents("skyport_retry"),
  ...airflowEvents("skyport_skip"),
  ...withLineage(airflowEvents("skyport_fail")),
]);

// A second workspace the workspace member holds no role in, with a failing DAG of its own.
const hidden = await db.workspace.create({ data: { organizationId, name: "Hidden" } });
const hiddenDeployment = await db.deployment.create({
  data: {
    organizationId,
    workspaceId: hidden.id,
    name: "hidden",
    spec: { name: "hidden", description: "", runtimeVersion: "3.3.1", executor: "KUBERNETES" },
    namespace: `skyport-hidden-${hidden.id.slice(-6)}`,
  },
});
await ingest({ organizationId, deploymentId: hiddenDeployment.id }, airflowEvents("skyport_fail"));

describe("getTelemetrySummary", () => {
  it("says when nothing has arrived yet", async () => {
    const summary = await getTelemetrySummary(as("workspaceMember"), empty, NOW);
    expect(summary.lastEventReceivedAt).toBeNull();
    expect(summary.runsByState).toEqual({ RUNNING: 0, SUCCESS: 0, FAILED: 0, ABORTED: 0, UNKNOWN: 0 });
    expect(summary.failingDags).toEqual([]);
  });

  it("counts the last 24 hours' runs by state and names the DAGs whose latest run failed", async () => {
    const summary = await getTelemetrySummary(as("workspaceMember"), { organizationId, deploymentId }, NOW);
    expect(summary.lastEventReceivedAt).toBeInstanceOf(Date);
    expect(summary.since.toISOString()).toBe("2026-12-04T17:00:00.000Z");
    expect(summary.runsByState).toEqual({ RUNNING: 0, SUCCESS: 3, FAILED: 1, ABORTED: 0, UNKNOWN: 0 });
    expect(summary.failingDags.map((dag) => [dag.dagId, dag.failedTaskCount])).toEqual([["skyport_fail", 1]]);
    // A day later the runs are out of the window; the failing DAG still fails.
    const later = await getTelemetrySummary(
      as("workspaceMember"),
      { organizationId, deploymentId },
      new Date(NOW.getTime() + 25 * 3_600_000),
    );
    expect(later.runsByState.FAILED).toBe(0);
    expect(later.failingDags.map((dag) => dag.dagId)).toEqual(["skyport_fail"]);
  });

  it("is refused to an organization member without a role and unknown to another organization", async () => {
    const ref = { organizationId, deploymentId };
    await expect(getTelemetrySummary(as("organizationMember"), ref)).rejects.toThrow(/deployment.runs.read/);
    await expect(getTelemetrySummary(as("outsider"), ref)).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getDagSummary", () => {
  it("shows a DAG's runs in the window and each task's tries, the retried one with its failure", async () => {
    const summary = await getDagSummary(
      as("deploymentAdmin"),
      { organizationId, deploymentId, dagId: "skyport_retry", window: "1d" },
      NOW,
    );
    expect(summary.runsByState.SUCCESS).toBe(1);
    expect(summary.recentRuns.map((run) => run.state)).toEqual(["SUCCESS"]);
    expect(summary.tasks).toMatchObject([
      { taskId: "flaky", latestState: "SUCCESS", tries: 2, failedTries: 1 },
    ]);
  });

  it("answers NOT_FOUND for a DAG the deployment never ran", async () => {
    await expect(
      getDagSummary(as("workspaceMember"), { organizationId, deploymentId, dagId: "nope" }, NOW),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("listFailingDags", () => {
  const seen = async (persona: Persona, org = organizationId) =>
    (await listFailingDags(as(persona), { organizationId: org })).failingDags
      .map((dag) => `${dag.deploymentName}/${dag.dagId}`)
      .sort();

  it("covers every deployment for an owner, and only readable ones for others", async () => {
    const ownName = (await db.deployment.findUniqueOrThrow({ where: { id: deploymentId } })).name;
    expect(await seen("organizationOwner")).toEqual(
      [`${ownName}/skyport_fail`, "hidden/skyport_fail"].sort(),
    );
    expect(await seen("workspaceMember")).toEqual([`${ownName}/skyport_fail`]);
    expect(await seen("deploymentAdmin")).toEqual([`${ownName}/skyport_fail`]);
    expect(await seen("organizationMember")).toEqual([]);
  });

  it("pages most recent failure first, by cursor, and refuses a cursor it did not hand out", async () => {
    const all = await listFailingDags(as("organizationOwner"), { organizationId });
    expect(all.failingDags).toHaveLength(2);
    expect(all.nextCursor).toBeNull();
    const first = await listFailingDags(as("organizationOwner"), { organizationId, limit: 1 });
    expect(first.failingDags).toEqual([all.failingDags[0]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listFailingDags(as("organizationOwner"), {
      organizationId,
      limit: 1,
      cursor: first.nextCursor,
    });
    expect(second.failingDags).toEqual([all.failingDags[1]]);
    expect(second.nextCursor).toBeNull();
    await expect(
      listFailingDags(as("organizationOwner"), { organizationId, cursor: "bm90LW91cnM" }),
    ).rejects.toThrow(/cursor/);
  });

  it("gives a member of another organization nothing of this one", async () => {
    expect(await seen("outsider", world.otherOrganizationId)).toEqual([]);
    await expect(listFailingDags(as("outsider"), { organizationId })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getDagRunLineage", () => {
  it("names each task's operator and the datasets the run read and wrote", async () => {
    const summary = await getTelemetrySummary(as("workspaceMember"), { organizationId, deploymentId }, NOW);
    const dagRunId = summary.failingDags[0]?.dagRunId ?? "";
    const lineage = await getDagRunLineage(as("workspaceMember"), { organizationId, deploymentId, dagRunId });
    expect(lineage).toEqual({
      operators: [
        { taskId: "broken", operator: "PythonOperator" },
        { taskId: "prepare", operator: "BashOperator" },
      ],
      inputs: [{ namespace: "postgres://warehouse:5432", name: "shop.public.orders" }],
      outputs: [{ namespace: "postgres://warehouse:5432", name: "shop.public.daily_revenue" }],
    });
    await expect(
      getDagRunLineage(as("workspaceMember"), { organizationId, deploymentId: empty.deploymentId, dagRunId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

// Runs seeded directly with known times and durations, in a deployment of their own.
const seeded = await newDeployment(db, world);
const ref = { organizationId, deploymentId: seeded.deploymentId };
const at = (hoursAgo: number) => new Date(NOW.getTime() - hoursAgo * 3_600_000);
let n = 0;
async function run(dagId: string, state: string, hoursAgo: number, durationMs: number | null) {
  n += 1;
  await db.dagRun.create({
    data: {
      ...ref,
      runId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      jobNamespace: "default",
      dagId,
      state,
      lastEventTime: at(hoursAgo),
      durationMs,
    },
  });
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}
// etl: four finished runs of 10, 20, 30 and 40 s (p50 25 s, p90 37 s), one running.
await run("etl", "SUCCESS", 0.5, 10_000);
await run("etl", "SUCCESS", 1.5, 20_000);
const failedEtl = await run("etl", "FAILED", 1.5, 30_000);
await run("etl", "SUCCESS", 3.5, 40_000);
await run("etl", "RUNNING", 0.25, null);
// report: one run of 5 s; and one run two days ago, outside a 24-hour range.
await run("report", "SUCCESS", 2.5, 5_000);
await run("report", "FAILED", 48, 99_000);
for (const [tryNumber, state] of [
  [1, "FAILED"],
  [2, "FAILED"],
  [3, "SUCCESS"],
] as const) {
  await db.taskInstanceTry.create({
    data: {
      ...ref,
      key: `${failedEtl}/load/${tryNumber}`,
      dagRunId: failedEtl,
      dagId: "etl",
      taskId: "load",
      tryNumber,
      state,
      source: "task",
    },
  });
}

describe("getRunsOverview", () => {
  it("counts runs by state per bucket, durations per DAG and failures over the range", async () => {
    const overview = await getRunsOverview(as("workspaceMember"), { ...ref, range: "24h" }, NOW);
    // NOW is on the hour: the last bucket is [17:00, 18:00).
    expect(overview.to.toISOString()).toBe("2026-12-05T18:00:00.000Z");
    expect(overview.from.toISOString()).toBe("2026-12-04T18:00:00.000Z");
    expect(overview.bucketSeconds).toBe(3600);
    expect(overview.buckets).toHaveLength(24);
    const nonEmpty = overview.buckets
      .map((bucket) => ({
        at: bucket.at.toISOString().slice(11, 16),
        ...Object.fromEntries(Object.entries(bucket.runsByState).filter(([, runs]) => runs > 0)),
      }))
      .filter((bucket) => Object.keys(bucket).length > 1);
    expect(nonEmpty).toEqual([
      { at: "13:00", SUCCESS: 1 },
      { at: "14:00", SUCCESS: 1 },
      { at: "15:00", SUCCESS: 1, FAILED: 1 },
      { at: "16:00", SUCCESS: 1, RUNNING: 1 },
    ]);
    expect(overview.durations).toEqual([
      { dagId: "etl", finishedRuns: 4, p50Ms: 25_000, p90Ms: 37_000 },
      { dagId: "report", finishedRuns: 1, p50Ms: 5_000, p90Ms: 5_000 },
    ]);
    expect(overview.failures).toEqual({ failedRuns: 1, failedTaskTries: 2 });
  });

  it("widens to the older failure over 7 days, in 6-hour buckets", async () => {
    const overview = await getRunsOverview(as("workspaceOperator"), { ...ref, range: "7d" }, NOW);
    expect(overview.buckets).toHaveLength(28);
    expect(overview.failures).toEqual({ failedRuns: 2, failedTaskTries: 2 });
    expect(overview.durations.map((dag) => [dag.dagId, dag.finishedRuns, dag.p90Ms])).toEqual([
      ["report", 2, 89_600],
      ["etl", 4, 37_000],
    ]);
  });

  it("is empty, bucket by bucket, for a deployment that has sent nothing", async () => {
    const overview = await getRunsOverview(as("workspaceMember"), empty, NOW);
    expect(overview.buckets).toHaveLength(24);
    expect(overview.buckets.every((bucket) => Object.values(bucket.runsByState).every((c) => c === 0))).toBe(
      true,
    );
    expect(overview.durations).toEqual([]);
    expect(overview.failures).toEqual({ failedRuns: 0, failedTaskTries: 0 });
  });

  it("refuses an unknown range naming the field, an organization member without a role, and another organization", async () => {
    await expect(
      getRunsOverview(as("workspaceMember"), { ...ref, range: "1y" as "24h" }, NOW),
    ).rejects.toThrow(/range must be one of 6h, 24h, 7d, 30d/);
    await expect(getRunsOverview(as("organizationMember"), ref, NOW)).rejects.toThrow(/deployment.runs.read/);
    await expect(getRunsOverview(as("outsider"), ref, NOW)).rejects.toBeInstanceOf(NotFoundError);
  });
});

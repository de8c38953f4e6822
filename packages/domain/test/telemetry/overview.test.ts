// The telemetry overviews the console shows, over what real Apache Airflow 3 sent
// (fixtures/airflow3): a deployment's summary, one DAG's history, the organization's failing
// DAGs (only deployments the caller can read), and a run's operators and datasets.
import {
  deriveDeploymentLineage,
  getDagRunLineage,
  getDagSummary,
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

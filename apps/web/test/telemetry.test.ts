// The console's telemetry reads through tRPC, over the runs real Apache Airflow 3 reported
// (packages/domain/test/telemetry/fixtures/airflow3): answers pass their declared output
// contracts, and a member of another organization gets nothing of this one.
import { deriveDeploymentLineage, ingestLineageEvents, PERMISSIONS } from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { airflow3Events } from "../../../packages/domain/test/telemetry/fixtures.ts";
import { callerAs, createTestServices } from "./support.ts";
import { trpcCode } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;
const world = await buildWorld(db);
const { organizationId, deploymentId } = world;
const ref = { organizationId, deploymentId };

const events = airflow3Events();
await ingestLineageEvents(db, ref, events, { now: new Date("2026-12-05T17:00:00Z") });
await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });

const member = await callerAs(services, world.actor("workspaceMember"));
const outsider = await callerAs(services, world.actor("outsider"));

describe("telemetry reads for the console", () => {
  it("summarise the deployment and name its failing DAG, within the output contract", async () => {
    const summary = await member.telemetry.getSummary(ref);
    expect(summary.lastEventReceivedAt).toBeInstanceOf(Date);
    expect(summary.failingDags.map((dag) => dag.dagId)).toEqual(["skyport_fail"]);
    const [failing] = summary.failingDags;
    const run = await member.telemetry.getRun({ ...ref, dagRunId: failing?.dagRunId ?? "" });
    expect(run.tasks.filter((task) => task.state === "FAILED").map((task) => task.errorMessage)).toEqual([
      expect.stringContaining("orders table is missing column 'amount'"),
    ]);
    const lineage = await member.telemetry.getRunLineage({ ...ref, dagRunId: run.id });
    expect(lineage.operators).toEqual([
      { taskId: "broken", operator: "PythonOperator" },
      { taskId: "prepare", operator: "BashOperator" },
    ]);
  });

  it("show a DAG's tasks with their tries", async () => {
    const dag = await member.telemetry.getDag({ ...ref, dagId: "skyport_skip", window: "30d" });
    expect(dag.tasks.map((task) => [task.taskId, task.latestState])).toEqual([
      ["gate", "SUCCESS"],
      ["gated", "SKIPPED"],
      ["self_skip", "SKIPPED"],
    ]);
    expect(
      await trpcCode(member.telemetry.getDag({ ...ref, dagId: "skyport_skip", window: "2y" as "1d" })),
    ).toBe("BAD_REQUEST");
  });

  it("give a member of another organization nothing", async () => {
    expect(await trpcCode(outsider.telemetry.getSummary(ref))).toBe("NOT_FOUND");
    expect(await trpcCode(outsider.telemetry.listRuns(ref))).toBe("NOT_FOUND");
    expect(await trpcCode(outsider.telemetry.listFailingDags({ organizationId }))).toBe("NOT_FOUND");
    const own = await outsider.telemetry.listFailingDags({ organizationId: world.otherOrganizationId });
    expect(own).toEqual({ deploymentsChecked: 0, failingDags: [], nextCursor: null });
  });

  it("list failing DAGs only where the caller may read runs", async () => {
    const forMember = await member.telemetry.listFailingDags({ organizationId });
    expect(forMember.failingDags.map((dag) => [dag.deploymentId, dag.dagId])).toEqual([
      [deploymentId, "skyport_fail"],
    ]);
    const noRole = await callerAs(services, world.actor("organizationMember"));
    expect(await noRole.telemetry.listFailingDags({ organizationId })).toEqual({
      deploymentsChecked: 0,
      failingDags: [],
      nextCursor: null,
    });
  });

  it("offer the rotate button to exactly the roles that may rotate (the overview reads can.update)", () => {
    expect(PERMISSIONS["deployment.ingestToken.rotate"].allow).toEqual(
      PERMISSIONS["deployment.update"].allow,
    );
  });
});

// The events real Apache Airflow 3 sent for the example DAGs (fixtures/airflow3, recorded by
// `npm run fixtures:airflow`) derive into what Airflow executed: states, tries, skipped tasks
// and errors — in arrival order and shuffled.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { deriveDeploymentLineage, ingestLineageEvents } from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { newDeployment, summaryOf } from "./support.ts";

const { db, world } = await worldOnTestDatabase();
const FIXTURES = path.join(import.meta.dirname, "fixtures", "airflow3");
const events = readdirSync(FIXTURES)
  .filter((file) => file.endsWith(".jsonl"))
  .sort()
  .flatMap((file) =>
    readFileSync(path.join(FIXTURES, file), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as unknown),
  );

async function derived(order: unknown[], oneByOne: boolean) {
  const deployment = await newDeployment(db, world);
  if (oneByOne) {
    for (const event of order) {
      await ingestLineageEvents(db, deployment, [event]);
      await deriveDeploymentLineage(db, deployment.deploymentId, { settleMs: 0 });
    }
  } else {
    const outcomes = await ingestLineageEvents(db, deployment, order);
    expect(outcomes.filter((outcome) => outcome.status === "invalid")).toEqual([]);
    await deriveDeploymentLineage(db, deployment.deploymentId, { settleMs: 0 });
  }
  const summary = await summaryOf(db, deployment.deploymentId);
  return {
    runs: summary.dagRuns.map(
      (run) => `${run.dagId} ${run.state} tasks=${run.taskCount} failed=${run.failedTaskCount}`,
    ),
    tasks: summary.tasks
      .map(
        (task) =>
          `${task.dagId} ${task.taskId.replace(`${task.dagId}.`, "")}#${task.tryNumber ?? "-"} ${task.state} ${task.source}`,
      )
      .sort(),
    errors: summary.tasks.filter((task) => task.errorMessage).map((task) => task.errorMessage),
  };
}

const EXPECTED_RUNS = [
  "skyport_fail FAILED tasks=2 failed=1",
  "skyport_retry SUCCESS tasks=1 failed=0",
  "skyport_skip SUCCESS tasks=3 failed=0",
  "skyport_success SUCCESS tasks=3 failed=0",
];

describe("real Airflow 3 events", () => {
  it("all validate and derive into the runs Airflow executed", async () => {
    const model = await derived(events, false);
    expect(model.runs).toEqual(EXPECTED_RUNS);
    expect(model.tasks).toEqual(
      [
        "skyport_fail broken#1 FAILED events",
        "skyport_fail prepare#1 SUCCESS events",
        "skyport_retry flaky#1 FAILED events",
        "skyport_retry flaky#2 SUCCESS events",
        "skyport_skip gate#1 SUCCESS events",
        "skyport_skip gated#- SKIPPED dag-state",
        "skyport_skip self_skip#1 SKIPPED events",
        "skyport_success extract#1 SUCCESS events",
        "skyport_success load.orders#1 SUCCESS events",
        "skyport_success transform#1 SUCCESS events",
      ].sort(),
    );
    expect(model.errors.join("\n")).toContain("orders table is missing column 'amount'");
  });

  it("derive the same model when each event is derived as it arrives (as the worker does)", async () => {
    const model = await derived(events, true);
    expect(model.runs).toEqual(EXPECTED_RUNS);
  });
});

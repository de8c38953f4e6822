// Every file of the OpenLineage example corpus (fixtures/, see SOURCES.md) is ingested into
// its own deployment and derived; the model must say what the events say. Templates are
// completed with concrete values (fixtures.ts): their events are one minute apart, so a run
// whose START and COMPLETE are n events apart lasts n minutes.
import { deriveDeploymentLineage, ingestLineageEvents, rebuildRunModel } from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { corpusFiles, fixtureEvents } from "./fixtures.ts";
import { modelOf, newDeployment, summaryOf } from "./support.ts";

const { db, world } = await worldOnTestDatabase();

interface Expected {
  stored: number;
  /** The first JSON pointer named for each refused event. */
  refused: string[];
  /** "dagId STATE durationMs" per DAG run. */
  runs: string[];
  /** "dagId / taskId STATE durationMs" per task try. */
  tasks: string[];
  dataQuality: { total: number; failed: number };
}

const EXPECTED: Record<string, Expected> = {
  "airflow__openlineage_base_simple_dag__af3.json": {
    stored: 3,
    refused: [],
    runs: ["openlineage_base_simple_dag RUNNING null"],
    tasks: ["openlineage_base_simple_dag / do_nothing_task SUCCESS 60000"],
    dataQuality: { total: 0, failed: 0 },
  },
  "airflow__openlineage_custom_operator_failure_dag.json": {
    stored: 2,
    refused: [],
    runs: ["openlineage_custom_operator_failure_dag UNKNOWN null"],
    tasks: ["openlineage_custom_operator_failure_dag / failing_task FAILED 60000"],
    dataQuality: { total: 0, failed: 0 },
  },
  "airflow__openlineage_trigger_failed_dag__af3_3_plus.json": {
    stored: 6,
    refused: [],
    runs: [
      "openlineage_trigger_failed_dag UNKNOWN null",
      "openlineage_trigger_failed_dag_child__notrigger FAILED 60000",
    ],
    tasks: [
      "openlineage_trigger_failed_dag_child__notrigger / failing_task FAILED 60000",
      "openlineage_trigger_failed_dag / trigger_dagrun FAILED 60000",
    ],
    dataQuality: { total: 0, failed: 0 },
  },
  "data-rentgen__events_airflow.jsonl": {
    stored: 6,
    refused: ["/5/outputs/0/facets/columnLineage/_producer", "/6/outputs/0/facets/columnLineage/_producer"],
    runs: ["mydag SUCCESS 244228"],
    tasks: ["mydag / create_task SUCCESS 0", "mydag / drop_task SUCCESS 0", "mydag / mytask SUCCESS null"],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-client__example_full_event.json": {
    stored: 1,
    refused: [],
    runs: ["myjob.mytask UNKNOWN null"],
    tasks: ["myjob.mytask / myjob.mytask SUCCESS null"],
    dataQuality: { total: 2, failed: 0 },
  },
  "ol-dbt__build_result.json": {
    stored: 5,
    refused: ["/4/inputs/0/facets/dataSource/uri"],
    runs: [
      "dbt-job-name UNKNOWN null",
      "random-gcp-project.dbt_test1.dbt_bigquery_test.orders_snapshot.build.snapshot RUNNING null",
    ],
    tasks: [
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_first_dbt_model.build.run SUCCESS 180000",
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_first_dbt_model.build.test SUCCESS 180000",
    ],
    dataQuality: { total: 3, failed: 0 },
  },
  "ol-dbt__singular_test_ol_events.json": {
    stored: 14,
    refused: [],
    runs: ["dbt-run-jaffle_shop SUCCESS 628"],
    tasks: [
      "dbt-run-jaffle_shop / test.dbt_test_project.assert_no_future_dates SUCCESS 21",
      "dbt-run-jaffle_shop / test.dbt_test_project.assert_positive_order_amounts SUCCESS 9",
      "test.dbt_test_project.assert_no_future_dates / sql.1 SUCCESS 0",
      "test.dbt_test_project.assert_no_future_dates / sql.2 SUCCESS 1",
      "test.dbt_test_project.assert_positive_order_amounts / sql.1 SUCCESS 1",
      "test.dbt_test_project.assert_positive_order_amounts / sql.2 SUCCESS 1",
    ],
    dataQuality: { total: 2, failed: 0 },
  },
  "ol-dbt__test_result.json": {
    stored: 10,
    refused: [],
    runs: ["dbt-job-name UNKNOWN null"],
    tasks: [
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_first_dbt_model.test FAILED 0",
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_second_dbt_model.test FAILED 0",
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_second_parallel_dbt_model.test SUCCESS 0",
      "dbt-job-name / random-gcp-project.dbt_test1.dbt_bigquery_test.test_third_dbt_model.test SUCCESS 0",
      "dbt-job-name / random-gcp-project.dbt_test2.source.dbt_bigquery_test.dbt_test2.source_table.test SUCCESS 0",
    ],
    dataQuality: { total: 14, failed: 4 },
  },
  "ol-legacy-airflow__dag_order_1.json": {
    stored: 1,
    refused: [],
    runs: ["dag_event_order RUNNING null"],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-legacy-airflow__dag_order_2.json": {
    stored: 1,
    refused: [],
    runs: ["dag_event_order.first_task RUNNING null"],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-legacy-airflow__failing_bash.json": {
    stored: 4,
    refused: [],
    runs: ["bash_dag UNKNOWN null"],
    tasks: ["bash_dag / failing_task FAILED 60000", "bash_dag / success_task SUCCESS 60000"],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-legacy-airflow__great_expectations.json": {
    stored: 3,
    refused: [],
    runs: [
      "expectations.2980d102bd5a4ba1225e245a6c5c4f11 SUCCESS null",
      "expectations.385fd3237746d1ba6797bc5f132fc868 SUCCESS null",
      "expectations.e6bad0549953948db0a63c463b7e4c7a SUCCESS null",
    ],
    tasks: [],
    dataQuality: { total: 24, failed: 2 },
  },
  "ol-legacy-airflow__postgres.json": {
    stored: 4,
    refused: [],
    runs: [
      "postgres_orders_popular_day_of_week.postgres_if_not_exists SUCCESS 120000",
      "postgres_orders_popular_day_of_week.postgres_insert SUCCESS 120000",
    ],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-legacy-airflow__task_group.json": {
    stored: 8,
    refused: [],
    runs: [
      "task_group_dag.extract SUCCESS 240000",
      "task_group_dag.load SUCCESS 240000",
      "task_group_dag.transform_values.transform_avg SUCCESS 240000",
      "task_group_dag.transform_values.transform_sum SUCCESS 240000",
    ],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-spec-tests__DataQualityAssertionsDatasetFacet_1.json": {
    stored: 1,
    refused: [],
    runs: ["spec_sample.DataQualityAssertionsDatasetFacet SUCCESS null"],
    tasks: [],
    dataQuality: { total: 10, failed: 0 },
  },
  "ol-spec-tests__DataQualityMetricsDatasetFacet_1.json": {
    stored: 1,
    refused: [],
    runs: ["spec_sample.DataQualityMetricsDatasetFacet SUCCESS null"],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-spec-tests__DataQualityMetricsInputDatasetFacet_1.json": {
    stored: 1,
    refused: [],
    runs: ["spec_sample.DataQualityMetricsInputDatasetFacet SUCCESS null"],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-spec-tests__ErrorMessageRunFacet_1.json": {
    stored: 1,
    refused: [],
    runs: ["spec_sample.ErrorMessageRunFacet FAILED null"],
    tasks: [],
    dataQuality: { total: 0, failed: 0 },
  },
  "ol-spec-tests__ParentRunFacet_2.json": {
    stored: 1,
    refused: [],
    runs: ["my_dag.my_task UNKNOWN null"],
    tasks: ["my_dag.my_task / spec_sample.ParentRunFacet RUNNING null"],
    dataQuality: { total: 0, failed: 0 },
  },
};

async function ingestFile(file: string) {
  const target = await newDeployment(db, world);
  const events = fixtureEvents(file, new Date(Date.now() - 60 * 60_000));
  // The literal data-rentgen stream is dated 2024: keep it whatever the retention.
  const outcomes = await ingestLineageEvents(db, target, events, { batch: true, retentionDays: 36_500 });
  await deriveDeploymentLineage(db, target.deploymentId, { settleMs: 0 });
  return { target, outcomes };
}

describe("the OpenLineage example corpus", () => {
  it("has an expectation for every file", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(corpusFiles());
  });

  for (const file of corpusFiles()) {
    it(`derives what ${file} says`, async () => {
      const expected = EXPECTED[file] as Expected;
      const { target, outcomes } = await ingestFile(file);
      expect(outcomes.filter((o) => o.status === "stored")).toHaveLength(expected.stored);
      expect(outcomes.flatMap((o) => (o.status === "invalid" ? [o.issues[0]?.pointer] : []))).toEqual(
        expected.refused,
      );
      expect(await db.lineageEvent.count({ where: { deploymentId: target.deploymentId } })).toBe(
        expected.stored,
      );
      const summary = await summaryOf(db, target.deploymentId);
      expect(summary.dagRuns.map((r) => `${r.dagId} ${r.state} ${r.durationMs}`)).toEqual(expected.runs);
      expect(summary.tasks.map((t) => `${t.dagId} / ${t.taskId} ${t.state} ${t.durationMs}`)).toEqual(
        expected.tasks,
      );
      expect({
        total: summary.dataQuality.length,
        failed: summary.dataQuality.filter((q) => !q.success).length,
      }).toEqual(expected.dataQuality);

      // A replay of the raw store rebuilds exactly the same model.
      const before = await modelOf(db, target.deploymentId);
      await rebuildRunModel(db, target.deploymentId);
      expect(await modelOf(db, target.deploymentId)).toEqual(before);
    });
  }

  it("keeps a failed task's error message and Python stack trace", async () => {
    const { target } = await ingestFile("airflow__openlineage_custom_operator_failure_dag.json");
    const task = await db.taskInstanceTry.findFirstOrThrow({ where: { deploymentId: target.deploymentId } });
    expect(task.errorMessage).toBe("Intentional failure for OpenLineage on_failure testing");
    expect(task.stackTrace?.startsWith("Traceback (most recent call last):\n")).toBe(true);
    expect(task.stackTrace).toContain(
      'raise ValueError("Intentional failure for OpenLineage on_failure testing")',
    );
  });

  it("reads an Airflow DAG run's run id, type, queue and pool, and the DAG's scheduler-only task", async () => {
    const { target } = await ingestFile("data-rentgen__events_airflow.jsonl");
    const run = await db.dagRun.findFirstOrThrow({ where: { deploymentId: target.deploymentId } });
    expect(run).toMatchObject({
      dagId: "mydag",
      runId: "01908222-d800-7e0d-afea-386c5e206957",
      airflowRunId: "manual__2024-07-05T09:04:00.000000+00:00",
      runType: "manual",
      state: "SUCCESS",
      startedAt: new Date("2024-07-05T09:04:01.463Z"),
      endedAt: new Date("2024-07-05T09:08:05.691Z"),
    });
    const drop = await db.taskInstanceTry.findFirstOrThrow({
      where: { deploymentId: target.deploymentId, taskId: "drop_task" },
    });
    // Its START has the upper-case runId, its COMPLETE the lower-case one: one try.
    expect(drop).toMatchObject({
      runId: "01908222-d908-77bb-b819-ea816c74e780",
      queue: "default",
      pool: "default_pool",
    });
    const onlyInDagState = await db.taskInstanceTry.findFirstOrThrow({
      where: { deploymentId: target.deploymentId, source: "dag-state" },
    });
    expect(onlyInDagState).toMatchObject({ taskId: "mytask", state: "SUCCESS", runId: null });
  });

  it("keeps dbt's assertion severity, expected and actual values, once per assertion", async () => {
    const { target } = await ingestFile("ol-dbt__test_result.json");
    const unique = await db.dataQualityResult.findMany({
      where: {
        deploymentId: target.deploymentId,
        datasetName: "random-gcp-project.dbt_test1.test_first_dbt_model",
        assertion: "unique",
      },
    });
    expect(unique).toHaveLength(1);
    expect(unique[0]).toMatchObject({
      success: false,
      severity: "error",
      expected: "0",
      actual: "1",
      column: "id",
    });
  });

  it("reads Great Expectations' own assertion facet", async () => {
    const { target } = await ingestFile("ol-legacy-airflow__great_expectations.json");
    const failed = await db.dataQualityResult.findMany({
      where: { deploymentId: target.deploymentId, success: false },
      select: { source: true, datasetName: true, assertion: true, column: true },
    });
    expect(failed.sort((a, b) => (a.column ?? "").localeCompare(b.column ?? ""))).toEqual([
      {
        source: "greatExpectations",
        datasetName: "transactions_bad",
        assertion: "expect_column_values_to_not_be_null",
        column: "counterparty_id",
      },
      {
        source: "greatExpectations",
        datasetName: "transactions_bad",
        assertion: "expect_column_distinct_values_to_be_in_set",
        column: "currency",
      },
    ]);
  });
});

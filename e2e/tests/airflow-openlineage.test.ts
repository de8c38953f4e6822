// Real Apache Airflow 3 with its OpenLineage provider, installed from the Python package index
// (scripts/airflow), runs the example DAGs with `airflow dags test` and sends its events over
// HTTP. Skipped only when the machine has no Python 3, with a banner naming the install command.
import { randomBytes } from "node:crypto";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AIRFLOW_VERSION,
  ensureAirflow,
  OPENLINEAGE_PROVIDER_VERSION,
} from "../../scripts/airflow/airflow.ts";
import {
  AIRFLOW_PYTHON,
  type ExampleDagId,
  type ExampleDagRun,
  runExampleDags,
} from "../src/airflow-example-dags.ts";
import { type LineageTarget, type OpenLineageEvent, startLineageReceiver } from "../src/lineage-receiver.ts";

const pythonPresent = hasToolchain(AIRFLOW_PYTHON);

const NAMESPACE = "skyport-e2e";
const PRODUCER = `https://github.com/apache/airflow/tree/providers-openlineage/${OPENLINEAGE_PROVIDER_VERSION}`;

describe.skipIf(!pythonPresent)(`Apache Airflow ${AIRFLOW_VERSION} reports runs over OpenLineage`, () => {
  const apiKey = `skyport-ingest-${randomBytes(12).toString("hex")}`;
  let target: LineageTarget;
  const runs = new Map<ExampleDagId, ExampleDagRun>();

  beforeAll(async () => {
    const airflow = await ensureAirflow();
    // The one line to change to send to Skyport's ingest endpoint instead.
    target = await startLineageReceiver({ apiKey });
    for (const run of await runExampleDags(airflow, target, {
      namespace: NAMESPACE,
      log: (line) => process.stderr.write(`[airflow dags test] ${line}\n`),
    })) {
      runs.set(run.dagId, run);
    }
  });

  afterAll(async () => {
    await target?.close();
  });

  function eventsOf(dagId: ExampleDagId): OpenLineageEvent[] {
    const run = runs.get(dagId);
    if (!run) throw new Error(`${dagId} did not run`);
    return run.requests.map((request) => request.event);
  }

  /** "eventType job" pairs in arrival order. */
  function sequence(dagId: ExampleDagId): string[] {
    return eventsOf(dagId).map((event) => `${event.eventType} ${event.job.name}`);
  }

  /** Event types per job, each in arrival order. */
  function perJob(dagId: ExampleDagId): Record<string, string[]> {
    const jobs: Record<string, string[]> = {};
    for (const event of eventsOf(dagId)) {
      jobs[event.job.name] = [...(jobs[event.job.name] ?? []), String(event.eventType)];
    }
    return jobs;
  }

  function dagEvent(dagId: ExampleDagId): OpenLineageEvent {
    const [event] = eventsOf(dagId).filter((candidate) => candidate.job.name === dagId);
    if (!event) throw new Error(`no DAG-level event for ${dagId}`);
    return event;
  }

  function facet(event: OpenLineageEvent, name: string): Record<string, unknown> {
    const value = event.run.facets?.[name];
    if (!value) throw new Error(`${event.eventType} ${event.job.name} has no ${name} facet`);
    return value;
  }

  it("sends every event as a gzip POST to /api/v1/lineage with the Bearer token, in the configured namespace", async () => {
    const requests = await target.received();
    expect(requests.length).toBeGreaterThanOrEqual(20);
    for (const request of requests) {
      expect({ method: request.method, path: request.path }).toEqual({
        method: "POST",
        path: "/api/v1/lineage",
      });
      expect(request.headers.authorization).toBe(`Bearer ${apiKey}`);
      expect(request.headers["content-encoding"]).toBe("gzip");
      expect(request.headers["content-type"]).toMatch(/^application\/json/);
      expect(request.event.job.namespace).toBe(NAMESPACE);
      expect(request.event.producer).toBe(PRODUCER);
      expect(request.event.schemaURL).toMatch(/OpenLineage\.json#\/\$defs\/RunEvent$/);
      expect(["START", "COMPLETE", "FAIL"]).toContain(request.event.eventType);
    }
  });

  it("a successful run: START and COMPLETE per task, then the DAG's COMPLETE; tasks point at the DAG run", () => {
    expect(runs.get("skyport_success")?.exitCode).toBe(0);
    expect(sequence("skyport_success")).toEqual([
      "START skyport_success.extract",
      "COMPLETE skyport_success.extract",
      "START skyport_success.transform",
      "COMPLETE skyport_success.transform",
      "START skyport_success.load.orders",
      "COMPLETE skyport_success.load.orders",
      "COMPLETE skyport_success",
    ]);
    const dag = dagEvent("skyport_success");
    expect(facet(dag, "airflowState")).toMatchObject({
      dagRunState: "success",
      tasksState: { extract: "success", transform: "success", "load.orders": "success" },
    });
    for (const task of eventsOf("skyport_success").filter((event) => event !== dag)) {
      expect(facet(task, "parent")).toMatchObject({
        job: { namespace: NAMESPACE, name: "skyport_success" },
        run: { runId: dag.run.runId },
      });
    }
  });

  it("a task that fails once and succeeds on retry: two tries with their own runIds, FAIL then COMPLETE", () => {
    expect(runs.get("skyport_retry")?.exitCode).toBe(0);
    expect(sequence("skyport_retry")).toEqual([
      "START skyport_retry.flaky",
      "FAIL skyport_retry.flaky",
      "START skyport_retry.flaky",
      "COMPLETE skyport_retry.flaky",
      "COMPLETE skyport_retry",
    ]);
    const [start1, fail1, start2, complete2] = eventsOf("skyport_retry");
    const tryNumber = (event: OpenLineageEvent | undefined) =>
      (facet(event as OpenLineageEvent, "airflow").taskInstance as { try_number: number }).try_number;
    expect([start1, fail1, start2, complete2].map(tryNumber)).toEqual([1, 1, 2, 2]);
    expect(fail1?.run.runId).toBe(start1?.run.runId);
    expect(complete2?.run.runId).toBe(start2?.run.runId);
    expect(start2?.run.runId).not.toBe(start1?.run.runId);
    expect(facet(fail1 as OpenLineageEvent, "errorMessage")).toMatchObject({
      message: "flaky upstream: first try fails on purpose",
      programmingLanguage: "python",
      stackTrace: expect.stringContaining("RuntimeError: flaky upstream"),
    });
    expect(facet(dagEvent("skyport_retry"), "airflowState")).toMatchObject({
      dagRunState: "success",
      tasksState: { flaky: "success" },
    });
  });

  it("skipped tasks: the self-skipping task reports COMPLETE, the short-circuited one only appears in the DAG's airflowState", () => {
    expect(runs.get("skyport_skip")?.exitCode).toBe(0);
    // `gate` and `self_skip` do not depend on each other, so either may run first.
    expect(perJob("skyport_skip")).toEqual({
      "skyport_skip.gate": ["START", "COMPLETE"],
      "skyport_skip.self_skip": ["START", "COMPLETE"],
      skyport_skip: ["COMPLETE"],
    });
    expect(sequence("skyport_skip").at(-1)).toBe("COMPLETE skyport_skip");
    expect(facet(dagEvent("skyport_skip"), "airflowState")).toMatchObject({
      dagRunState: "success",
      tasksState: { gate: "success", gated: "skipped", self_skip: "skipped" },
    });
  });

  it("a run that fails for good: the task's FAIL carries the error, the DAG's FAIL the failed state", () => {
    expect(runs.get("skyport_fail")?.exitCode).not.toBe(0);
    expect(sequence("skyport_fail")).toEqual([
      "START skyport_fail.prepare",
      "COMPLETE skyport_fail.prepare",
      "START skyport_fail.broken",
      "FAIL skyport_fail.broken",
      "FAIL skyport_fail",
    ]);
    const taskFail = eventsOf("skyport_fail")[3] as OpenLineageEvent;
    expect(facet(taskFail, "errorMessage")).toMatchObject({
      message: "orders table is missing column 'amount'",
      stackTrace: expect.stringContaining("ValueError"),
    });
    expect(facet(dagEvent("skyport_fail"), "airflowState")).toMatchObject({
      dagRunState: "failed",
      tasksState: { prepare: "success", broken: "failed" },
    });
  });
});

// What a runtime with a given spec and workload would have reported to Skyport, from the
// simulator: one-minute metric buckets (through the real downsampler and store), DAG runs and
// task tries. The recompute reads these exactly as it reads a real runtime's.
import type { PrismaClient } from "@skyport/db";
import { type DeploymentSpec, deploymentSpec } from "@skyport/deployment-spec";
import { type MetricSample, MetricsDownsampler, MetricsStore } from "@skyport/metrics";
import { simulate, type Workload, workload } from "@skyport/tuning";

/** When the stored history starts. */
export const T0 = Date.parse("2026-12-05T00:00:00Z");
export const HOUR = 3_600_000;

/**
 * The parallelism-starved scenario both the domain and the worker tests store: parallelism 8
 * in front of a queue that can run 10 × 8 tasks, and three DAGs of 12 long tasks every 10 min.
 */
export const STARVED_SPEC = deploymentSpec({
  name: "tuned",
  executor: "CELERY",
  workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 10, workerConcurrency: 8 }],
  airflowConfigOverrides: [{ section: "core", key: "parallelism", value: "8" }],
});
export const STARVED_LOAD = workload({
  dags: [0, 1, 2].map((i) => ({
    id: `etl_${i}`,
    scheduleSeconds: 600,
    offsetSeconds: i * 60,
    tasks: Array.from({ length: 12 }, (_, t) => ({ id: `t${t}`, durationSeconds: 150, jitter: 0.2 })),
  })),
});

export interface HistoryTarget {
  readonly organizationId: string;
  readonly deploymentId: string;
}

/** Stores six hours of simulated history of `spec` running `load`, from `startMs`. */
export async function storeSimulatedHistory(
  db: PrismaClient,
  target: HistoryTarget,
  spec: DeploymentSpec,
  load: Workload,
  startMs: number,
): Promise<void> {
  const { organizationId, deploymentId } = target;
  const result = simulate(spec, load, { horizonSeconds: 6 * 3600, seed: 3 });
  const samples: MetricSample[] = [];
  for (const series of result.series) {
    if (series.key.startsWith("dag_")) continue; // derived, not stored
    const counter = series.key === "scheduler_heartbeat";
    series.values.forEach((value, i) => {
      samples.push({
        series: series.key,
        kind: counter ? "counter" : "gauge",
        labels: { ...series.labels },
        value,
        count: 1,
        at: new Date(startMs + i * 60_000 + 30_000),
      });
    });
  }
  for (const task of result.tasks) {
    if (task.startedAt === undefined) continue;
    samples.push({
      series: "task_queued_duration",
      kind: "timer",
      labels: { dag_id: task.dagId, task_id: task.taskId },
      value: task.startedAt - task.readyAt,
      count: 1,
      at: new Date(startMs + task.startedAt * 1000),
    });
    if (task.endedAt !== undefined) {
      samples.push({
        series: "ti_finish",
        kind: "counter",
        labels: { dag_id: task.dagId, task_id: task.taskId, state: "success" },
        value: 1,
        count: 1,
        at: new Date(startMs + task.endedAt * 1000),
      });
    }
  }
  const downsampler = new MetricsDownsampler();
  downsampler.add(deploymentId, samples);
  await new MetricsStore(db).write(downsampler.drain());
  const runs = new Map<string, number>();
  const firstTask = new Map<string, string>();
  for (const dag of load.dags) if (dag.tasks[0]) firstTask.set(dag.id, dag.tasks[0].id);
  for (const task of result.tasks) {
    const runKey = `${task.dagId}-${Math.round(task.readyAt)}-${startMs}`;
    if (task.taskId === firstTask.get(task.dagId)) runs.set(runKey, task.readyAt);
  }
  await db.dagRun.createMany({
    data: [...runs].map(([runId, readyAt]) => {
      const dagId = runId.split("-")[0] as string;
      return {
        organizationId,
        deploymentId,
        runId,
        jobNamespace: "default",
        dagId,
        state: "SUCCESS",
        startedAt: new Date(startMs + readyAt * 1000),
        logicalDate: new Date(startMs + readyAt * 1000),
        lastEventTime: new Date(startMs + readyAt * 1000),
      };
    }),
  });
  const tries = [];
  let n = 0;
  for (const task of result.tasks) {
    if (task.startedAt === undefined) continue;
    // The run a task belongs to: its DAG's latest run that fell due at or before it became ready.
    const dagRunId = [...runs.entries()]
      .filter(([id, ready]) => id.startsWith(`${task.dagId}-`) && ready <= task.readyAt + 0.001)
      .sort((a, b) => b[1] - a[1])[0]?.[0];
    if (!dagRunId) continue;
    tries.push({
      organizationId,
      deploymentId,
      key: `${startMs}-${n++}`,
      dagRunId,
      dagId: task.dagId,
      taskId: task.taskId,
      state: "SUCCESS",
      source: "events",
      queue: task.queue,
      pool: task.pool,
      startedAt: new Date(startMs + task.startedAt * 1000),
      ...(task.endedAt !== undefined ? { endedAt: new Date(startMs + task.endedAt * 1000) } : {}),
    });
  }
  await db.taskInstanceTry.createMany({ data: tries });
}

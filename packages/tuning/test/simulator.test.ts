import { deploymentSpec } from "@skyport/deployment-spec";
import { describe, expect, it } from "vitest";
import { simulate } from "../src/simulator.ts";
import { workload } from "../src/workload.ts";

type QueueInput = { name: string; minWorkers: number; maxWorkers: number; workerConcurrency: number };

function spec(queue: QueueInput, overrides: { section: string; key: string; value: string }[] = []) {
  return deploymentSpec({
    name: "sim",
    executor: "CELERY",
    workerQueues: [{ ...queue, workerSize: "S" }],
    airflowConfigOverrides: overrides,
  });
}

const oneWorker = { name: "default", minWorkers: 1, maxWorkers: 1, workerConcurrency: 16 };
// No scheduler load: the loop runs every second exactly, so the numbers below are by hand.
const idleScheduler = { schedulerCpuDemand: 0 };

describe("simulate", () => {
  it("runs a lone task at once on an idle deployment", () => {
    const result = simulate(
      spec(oneWorker),
      workload({
        ...idleScheduler,
        dags: [{ id: "d", scheduleSeconds: 3600, tasks: [{ id: "t", durationSeconds: 100 }] }],
      }),
      { horizonSeconds: 3600 },
    );
    expect(result.queueWaitP90).toBe(0);
    expect(result.tasksFinished).toBe(1);
    expect(result.throughputPerHour).toBe(1);
    expect(result.workerHours).toBe(1);
  });

  it("holds tasks back while parallelism is used up", () => {
    const tasks = ["a", "b", "c", "d"].map((id) => ({ id, durationSeconds: 60 }));
    const result = simulate(
      spec(oneWorker, [{ section: "core", key: "parallelism", value: "2" }]),
      workload({ ...idleScheduler, dags: [{ id: "d", scheduleSeconds: 3600, tasks }] }),
      { horizonSeconds: 600 },
    );
    // Two start at 0, two at 60 when the first two finish: waits 0, 0, 60, 60.
    expect(result.tasks.map((t) => t.startedAt)).toEqual([0, 0, 60, 60]);
    expect(result.queueWaitP50).toBe(30);
    expect(result.queueWaitP90).toBe(60);
    // The executor was full while tasks waited: the sample at 60 s shows no open slot.
    const openSlots = result.series.find((s) => s.key === "executor_open_slots");
    expect(openSlots?.values[0]).toBe(0);
  });

  it("runs a DAG's tasks one at a time under max_active_tasks 1", () => {
    const tasks = ["a", "b", "c"].map((id) => ({ id, durationSeconds: 10 }));
    const result = simulate(
      spec(oneWorker),
      workload({ ...idleScheduler, dags: [{ id: "d", scheduleSeconds: 3600, maxActiveTasks: 1, tasks }] }),
      { horizonSeconds: 600 },
    );
    expect(result.tasks.map((t) => t.startedAt)).toEqual([0, 10, 20]);
    expect(result.queueWaitP90).toBe(18);
  });

  it("starves tasks of a full pool", () => {
    const tasks = ["a", "b"].map((id) => ({ id, durationSeconds: 30, pool: "db" }));
    const result = simulate(
      spec(oneWorker),
      workload({ ...idleScheduler, pools: { db: 1 }, dags: [{ id: "d", scheduleSeconds: 3600, tasks }] }),
      { horizonSeconds: 600 },
    );
    expect(result.tasks.map((t) => t.startedAt)).toEqual([0, 30]);
  });

  it("starts downstream tasks when their upstream finishes", () => {
    const result = simulate(
      spec(oneWorker),
      workload({
        ...idleScheduler,
        dags: [
          {
            id: "d",
            scheduleSeconds: 3600,
            tasks: [
              { id: "extract", durationSeconds: 40 },
              { id: "load", durationSeconds: 20, upstream: ["extract"] },
            ],
          },
        ],
      }),
      { horizonSeconds: 600 },
    );
    expect(result.tasks.map((t) => [t.taskId, t.readyAt, t.startedAt, t.endedAt])).toEqual([
      ["extract", 0, 0, 40],
      ["load", 40, 40, 60],
    ]);
  });

  it("scales workers with KEDA: startup delay up, cooldown down", () => {
    const tasks = ["a", "b"].map((id) => ({ id, durationSeconds: 600 }));
    const result = simulate(
      spec({ name: "default", minWorkers: 0, maxWorkers: 2, workerConcurrency: 1 }),
      workload({ ...idleScheduler, dags: [{ id: "d", scheduleSeconds: 7200, tasks }] }),
      { horizonSeconds: 1200, workerStartupSeconds: 60 },
    );
    // KEDA asks for ceil(2 / 1) = 2 workers at 0; they accept tasks 60 s later.
    expect(result.tasks.map((t) => t.startedAt)).toEqual([60, 60]);
    // Tasks end at 660; after the 300 s cooldown both workers go at 960: 2 × 960 s.
    expect(result.workerHours).toBeCloseTo((2 * 960) / 3600, 6);
  });

  it("is capped by max workers × concurrency", () => {
    const tasks = Array.from({ length: 6 }, (_, i) => ({ id: `t${i}`, durationSeconds: 100 }));
    const result = simulate(
      spec({ name: "default", minWorkers: 1, maxWorkers: 1, workerConcurrency: 2 }),
      workload({ ...idleScheduler, dags: [{ id: "d", scheduleSeconds: 3600, tasks }] }),
      { horizonSeconds: 1000 },
    );
    expect(result.tasks.map((t) => t.startedAt)).toEqual([0, 0, 100, 100, 200, 200]);
  });

  it("slows the scheduler loop and its heartbeats under CPU load", () => {
    const dags = [{ id: "d", scheduleSeconds: 3600, tasks: [{ id: "t", durationSeconds: 10 }] }];
    const loaded = simulate(spec(oneWorker), workload({ schedulerCpuDemand: 0.9, dags }), {
      horizonSeconds: 600,
    });
    // 0.9 of 1 CPU: the loop takes 1 / (1 − 0.9) = 10 s, longer than the 5 s heartbeat.
    expect(loaded.schedulerLoopSeconds).toBeCloseTo(10, 6);
    const heartbeats = loaded.series.find((s) => s.key === "scheduler_heartbeat");
    expect(heartbeats?.values[0]).toBeCloseTo(6, 6);
  });

  it("gives the same answer for the same seed and a different one for another", () => {
    const dags = [
      {
        id: "d",
        scheduleSeconds: 300,
        tasks: Array.from({ length: 20 }, (_, i) => ({ id: `t${i}`, durationSeconds: 120, jitter: 0.5 })),
      },
    ];
    const s = spec({ name: "default", minWorkers: 1, maxWorkers: 2, workerConcurrency: 4 });
    const a = simulate(s, workload({ dags }), { seed: 7, horizonSeconds: 7200 });
    const b = simulate(s, workload({ dags }), { seed: 7, horizonSeconds: 7200 });
    const c = simulate(s, workload({ dags }), { seed: 8, horizonSeconds: 7200 });
    expect(b.tasks).toEqual(a.tasks);
    expect(c.tasks.map((t) => t.durationSeconds)).not.toEqual(a.tasks.map((t) => t.durationSeconds));
  });
});

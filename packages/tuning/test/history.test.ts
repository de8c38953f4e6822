// The workload rebuilt from stored runs and task tries: which tasks follow which is inferred from
// timing, except where a task started only because a slot came free.
import { deploymentSpec } from "@skyport/deployment-spec";
import { describe, expect, it } from "vitest";
import { type History, type StoredTaskTry, taskFacts, workloadFromHistory } from "../src/history.ts";

const FROM = new Date("2026-12-06T12:00:00Z");
const at = (seconds: number) => new Date(FROM.getTime() + seconds * 1000);

function history(parallelism: number, tries: [taskId: string, start: number, end: number][]): History {
  const spec = deploymentSpec({
    name: "history",
    executor: "CELERY",
    workerQueues: [{ name: "default", minWorkers: 1, maxWorkers: 1, workerConcurrency: 8, workerSize: "S" }],
    airflowConfigOverrides: [{ section: "core", key: "parallelism", value: String(parallelism) }],
  });
  const stored: StoredTaskTry[] = tries.map(([taskId, start, end]) => ({
    dagRunId: "run-1",
    dagId: "dag",
    taskId,
    queue: "default",
    pool: "default_pool",
    startedAt: at(start),
    endedAt: at(end),
  }));
  return {
    spec,
    from: FROM,
    to: at(600),
    series: [],
    tries: stored,
    runs: [{ runId: "run-1", dagId: "dag", startedAt: at(0), logicalDate: at(0) }],
  };
}

function upstreamOf(source: History): Record<string, readonly string[]> {
  const workload = workloadFromHistory(source, taskFacts(source), []);
  return Object.fromEntries((workload.dags[0]?.tasks ?? []).map((task) => [task.id, task.upstream]));
}

describe("workloadFromHistory", () => {
  it("reads a task that starts once others ended, with slots to spare, as following them", () => {
    // parallelism 8: a → b → c one after another although 8 could run at once.
    const upstream = upstreamOf(
      history(8, [
        ["a", 0.5, 5.5],
        ["b", 6, 11],
        ["c", 11.5, 16.5],
      ]),
    );
    expect(upstream).toEqual({ a: [], b: ["a"], c: ["a", "b"] });
  });

  it("gives no upstream to tasks that started as a slot came free (independent tasks two by two)", () => {
    // parallelism 2: six independent tasks, each pair starting 4 s after the pair before ended
    // (real Airflow takes a few seconds to hand a freed slot to the next task).
    const pairs = Array.from({ length: 6 }, (_, i): [string, number, number] => {
      const start = 0.5 + 9 * Math.floor(i / 2);
      return [`t${i}`, start, start + 5];
    });
    const upstream = upstreamOf(history(2, pairs));
    expect(upstream).toEqual({ t0: [], t1: [], t2: [], t3: [], t4: [], t5: [] });
  });
});

// Reading runtime metrics: stored one-minute buckets folded into steps (gauges' last value,
// counters' increase, timers' mean), for WORKSPACE_MEMBER and up, never across deployments.
import { getDeploymentMetrics, metricsStepSeconds, NotFoundError, ValidationError } from "@skyport/domain";
import { type MetricSample, MetricsDownsampler, MetricsStore } from "@skyport/metrics";
import { newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { beforeAll, describe, expect, it } from "vitest";

const { db, world, as } = await worldOnTestDatabase();
const { organizationId, deploymentId } = world;

const T0 = Date.parse("2026-12-05T10:00:00Z");
const minute = (m: number, s = 0) => new Date(T0 + m * 60_000 + s * 1000);
const sample = (
  at: Date,
  partial: Pick<MetricSample, "series" | "kind" | "value"> & Partial<MetricSample>,
) => ({
  labels: {},
  count: 1,
  at,
  ...partial,
});

async function write(target: string, samples: MetricSample[]) {
  const downsampler = new MetricsDownsampler();
  downsampler.add(target, samples);
  await new MetricsStore(db).write(downsampler.drain());
}

beforeAll(async () => {
  const samples: MetricSample[] = [];
  for (let m = 0; m < 10; m += 1) {
    // Queued tasks climb 0, 1, …, 9 (two samples a minute: the later one counts).
    samples.push(sample(minute(m, 5), { series: "executor_queued_tasks", kind: "gauge", value: 100 }));
    samples.push(sample(minute(m, 50), { series: "executor_queued_tasks", kind: "gauge", value: m }));
    // A heartbeat every 5 seconds: 12 a minute.
    for (let s = 0; s < 60; s += 5)
      samples.push(sample(minute(m, s), { series: "scheduler_heartbeat", kind: "counter", value: 1 }));
    // Two queued-duration timings a minute on two tasks: 1 s and 3 s (mean 2 s) for `load`.
    for (const task of ["load", "extract"]) {
      samples.push(
        sample(minute(m, 10), {
          series: "task_queued_duration",
          kind: "timer",
          value: task === "load" ? 1 : 10,
          labels: { dag_id: "etl", task_id: task },
        }),
        sample(minute(m, 40), {
          series: "task_queued_duration",
          kind: "timer",
          value: task === "load" ? 3 : 10,
          labels: { dag_id: "etl", task_id: task },
        }),
      );
    }
  }
  await write(deploymentId, samples);
  // Another deployment's metrics never show up in this one's.
  const other = await newDeployment(db, world, "metrics-other");
  await write(other.deploymentId, [
    sample(minute(1), { series: "executor_queued_tasks", kind: "gauge", value: 999 }),
  ]);
});

describe("getDeploymentMetrics", () => {
  it("answers each series in one-minute steps over a short range: gauges' last value, counters' increase, timers' mean", async () => {
    const metrics = await getDeploymentMetrics(as("workspaceMember"), {
      organizationId,
      deploymentId,
      series: "executor_queued_tasks,scheduler_heartbeat,task_queued_duration",
      from: minute(0),
      to: minute(10),
    });
    expect(metrics.stepSeconds).toBe(60);
    expect(metrics.series.map((s) => [s.key, s.labels])).toEqual([
      ["executor_queued_tasks", {}],
      ["scheduler_heartbeat", {}],
      ["task_queued_duration", { dag_id: "etl", task_id: "extract" }],
      ["task_queued_duration", { dag_id: "etl", task_id: "load" }],
    ]);
    const [queued, heartbeat, , load] = metrics.series;
    expect(queued?.points.map((p) => p.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(queued?.points[3]).toMatchObject({ at: minute(3), min: 3, max: 100 });
    expect(heartbeat?.points.map((p) => p.value)).toEqual(Array(10).fill(12));
    expect(load?.points.every((p) => p.value === 2 && p.min === 1 && p.max === 3 && p.count === 2)).toBe(
      true,
    );
    expect(load).toMatchObject({ kind: "timer", unit: "seconds" });
  });

  it("folds minutes into wider steps for longer ranges, starting at `from`", async () => {
    expect(metricsStepSeconds(3_600_000)).toBe(60);
    expect(metricsStepSeconds(24 * 3_600_000)).toBe(300);
    expect(metricsStepSeconds(7 * 24 * 3_600_000)).toBe(1800);
    const metrics = await getDeploymentMetrics(as("workspaceMember"), {
      organizationId,
      deploymentId,
      series: "executor_queued_tasks,scheduler_heartbeat",
      from: minute(0),
      to: new Date(T0 + 24 * 3_600_000),
    });
    expect(metrics.stepSeconds).toBe(300);
    const [queued, heartbeat] = metrics.series;
    // Minutes 0–4 and 5–9: the last gauge value of each step, the sum of the heartbeats.
    expect(queued?.points.map((p) => [p.at.toISOString(), p.value])).toEqual([
      [minute(0).toISOString(), 4],
      [minute(5).toISOString(), 9],
    ]);
    expect(heartbeat?.points.map((p) => p.value)).toEqual([60, 60]);
  });

  it("defaults to the last hour of the load series, and empty series before any sample", async () => {
    const metrics = await getDeploymentMetrics(
      as("workspaceMember"),
      { organizationId, deploymentId },
      minute(30),
    );
    expect(metrics.from).toEqual(new Date(minute(30).getTime() - 3_600_000));
    expect(metrics.series.map((s) => s.key)).toEqual(["executor_queued_tasks", "scheduler_heartbeat"]);
    const later = await getDeploymentMetrics(
      as("workspaceMember"),
      { organizationId, deploymentId },
      new Date(T0 + 5 * 3_600_000),
    );
    expect(later.series).toEqual([]);
  });

  it("answers at most 25 label sets of a key, the most recently seen, and counts the rest", async () => {
    const capped = await newDeployment(db, world, "metrics-many-dags");
    // 27 DAGs, dag_0 seen first and dag_26 last.
    await write(
      capped.deploymentId,
      Array.from({ length: 27 }, (_, i) =>
        sample(minute(i), {
          series: "dagrun_schedule_delay",
          kind: "timer",
          value: 1,
          labels: { dag_id: `dag_${i}` },
        }),
      ),
    );
    const metrics = await getDeploymentMetrics(as("workspaceMember"), {
      organizationId,
      deploymentId: capped.deploymentId,
      series: "dagrun_schedule_delay",
      from: minute(0),
      to: minute(60),
    });
    expect(metrics.omittedLabelSets).toBe(2);
    const dags = metrics.series.map((s) => s.labels.dag_id);
    expect(dags).toHaveLength(25);
    expect(dags).not.toContain("dag_0");
    expect(dags).not.toContain("dag_1");
    expect(dags).toContain("dag_26");
  });

  it("refuses unknown series, backwards and over-long ranges, naming the field", async () => {
    const refusal = (input: Record<string, unknown>) =>
      getDeploymentMetrics(as("workspaceMember"), { organizationId, deploymentId, ...input }).catch(
        (e: unknown) => e,
      );
    const unknown = await refusal({ series: "workers,cpu_usage" });
    expect(unknown).toBeInstanceOf(ValidationError);
    expect((unknown as ValidationError).message).toMatch(/`cpu_usage` is not a known series/);
    const backwards = await refusal({ from: minute(5), to: minute(1) });
    expect((backwards as ValidationError).field).toBe("from");
    const long = await refusal({ from: minute(0), to: new Date(T0 + 31 * 86_400_000) });
    expect((long as ValidationError).message).toMatch(/at most 30 days/);
  });

  it("is refused to people without a role on the deployment and invisible outside the tenant", async () => {
    await expect(
      getDeploymentMetrics(as("organizationMember"), { organizationId, deploymentId }),
    ).rejects.toThrow(/deployment.metrics.read/);
    await expect(
      getDeploymentMetrics(as("outsider"), { organizationId, deploymentId }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

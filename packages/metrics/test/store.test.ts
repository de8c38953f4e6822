// Downsampling into one-minute buckets, the per-deployment cardinality cap and retention,
// against real PostgreSQL.
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type MetricSample,
  MetricsDownsampler,
  MetricsRecorder,
  MetricsStore,
  parseStatsdLine,
  StatsdNormalizer,
  startStatsdReceiver,
} from "@skyport/metrics";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db, world } = await worldOnTestDatabase();

const sample = (
  at: string,
  partial: Partial<MetricSample> & Pick<MetricSample, "series" | "kind" | "value">,
): MetricSample => ({
  labels: {},
  count: 1,
  at: new Date(at),
  ...partial,
});

/** A `pool_queued_slots` gauge sample of the default pool. */
const poolQueued = (at: string, value: number) =>
  sample(at, { series: "pool_queued_slots", kind: "gauge", value, labels: { pool_name: "default_pool" } });

/** A `task_queued_duration` timer sample of the task etl.load.orders. */
const loadQueuedFor = (at: string, value: number) =>
  sample(at, {
    series: "task_queued_duration",
    kind: "timer",
    value,
    labels: { dag_id: "etl", task_id: "load.orders" },
  });

/** A `ti_start` counter sample of one task of the DAG "wide". */
const wideTaskStart = (at: string, task: string) =>
  sample(at, { series: "ti_start", kind: "counter", value: 1, labels: { dag_id: "wide", task_id: task } });

describe("metrics storage", () => {
  it("folds samples into one-minute buckets per series and labels: gauges last/min/max, counters sums, timers count/sum", async () => {
    const store = new MetricsStore(db);
    const downsampler = new MetricsDownsampler();
    downsampler.add(world.deploymentId, [
      poolQueued("2026-12-05T10:00:05Z", 4),
      poolQueued("2026-12-05T10:00:35Z", 9),
      poolQueued("2026-12-05T10:00:50Z", 6),
      poolQueued("2026-12-05T10:01:10Z", 2),
      sample("2026-12-05T10:00:10Z", { series: "scheduler_heartbeat", kind: "counter", value: 1 }),
      sample("2026-12-05T10:00:20Z", { series: "scheduler_heartbeat", kind: "counter", value: 1 }),
      loadQueuedFor("2026-12-05T10:00:10Z", 1.5),
      loadQueuedFor("2026-12-05T10:00:40Z", 0.5),
    ]);
    const written = await store.write(downsampler.drain());
    expect(written).toEqual({ buckets: 4, newSeries: 3, droppedSeries: {} });

    const range = { from: new Date("2026-12-05T10:00:00Z"), to: new Date("2026-12-05T10:02:00Z") };
    const pool = await store.buckets(world.deploymentId, "pool_queued_slots", range);
    expect(pool).toEqual([
      {
        labels: { pool_name: "default_pool" },
        bucketStart: new Date("2026-12-05T10:00:00Z"),
        count: 3,
        sum: 19,
        min: 4,
        max: 9,
        last: 6,
      },
      {
        labels: { pool_name: "default_pool" },
        bucketStart: new Date("2026-12-05T10:01:00Z"),
        count: 1,
        sum: 2,
        min: 2,
        max: 2,
        last: 2,
      },
    ]);
    expect(await store.buckets(world.deploymentId, "scheduler_heartbeat", range)).toMatchObject([
      { count: 2, sum: 2 },
    ]);
    expect(await store.buckets(world.deploymentId, "task_queued_duration", range)).toMatchObject([
      { labels: { dag_id: "etl", task_id: "load.orders" }, count: 2, sum: 2, min: 0.5, max: 1.5 },
    ]);

    // A second flush for the same minute merges into the stored bucket.
    downsampler.add(world.deploymentId, [
      sample("2026-12-05T10:00:55Z", { series: "scheduler_heartbeat", kind: "counter", value: 3 }),
      poolQueued("2026-12-05T10:00:58Z", 12),
    ]);
    expect(await store.write(downsampler.drain())).toEqual({ buckets: 2, newSeries: 0, droppedSeries: {} });
    expect(await store.buckets(world.deploymentId, "scheduler_heartbeat", range)).toMatchObject([
      { count: 3, sum: 5 },
    ]);
    expect((await store.buckets(world.deploymentId, "pool_queued_slots", range))[0]).toMatchObject({
      count: 4,
      max: 12,
      last: 12,
    });
  });

  it("caps the series of a deployment: samples of series beyond the cap are dropped and counted", async () => {
    const deploymentId = world.deploymentId;
    const store = new MetricsStore(db, {
      maxSeriesPerDeployment: (await db.metricSeries.count({ where: { deploymentId } })) + 2,
    });
    const downsampler = new MetricsDownsampler();
    const at = "2026-12-05T11:00:00Z";
    downsampler.add(
      deploymentId,
      ["a", "b", "c", "d"].map((task) => wideTaskStart(at, task)),
    );
    const result = await store.write(downsampler.drain());
    expect(result).toEqual({ buckets: 2, newSeries: 2, droppedSeries: { [deploymentId]: 2 } });
    const stored = await store.buckets(deploymentId, "ti_start", {
      from: new Date(at),
      to: new Date("2026-12-05T11:01:00Z"),
    });
    expect(stored.map((bucket) => bucket.labels.task_id).sort()).toEqual(["a", "b"]);

    // Series already admitted keep receiving samples at the cap.
    downsampler.add(deploymentId, [
      wideTaskStart("2026-12-05T11:00:30Z", "a"),
      wideTaskStart("2026-12-05T11:00:30Z", "e"),
    ]);
    expect(await store.write(downsampler.drain())).toEqual({
      buckets: 1,
      newSeries: 0,
      droppedSeries: { [deploymentId]: 1 },
    });
  });

  it("retention deletes old buckets, then series left empty and series of deployments that are gone", async () => {
    const store = new MetricsStore(db);
    const downsampler = new MetricsDownsampler();
    downsampler.add(world.deploymentId, [
      sample("2026-10-01T00:00:00Z", { series: "dag_processing_import_errors", kind: "gauge", value: 1 }),
      sample("2026-12-04T00:00:00Z", { series: "scheduler_tasks_starving", kind: "gauge", value: 3 }),
    ]);
    downsampler.add("deleted-deployment", [
      sample("2026-12-04T00:00:00Z", { series: "scheduler_tasks_starving", kind: "gauge", value: 5 }),
    ]);
    await store.write(downsampler.drain());
    const swept = await store.sweep(new Date("2026-12-05T00:00:00Z"), 30);
    expect(swept.buckets).toBeGreaterThanOrEqual(1);
    const left = await db.metricSeries.findMany({ select: { deploymentId: true, series: true } });
    expect(left.some((series) => series.series === "dag_processing_import_errors")).toBe(false);
    expect(left.some((series) => series.deploymentId === "deleted-deployment")).toBe(false);
    expect(left).toContainEqual({ deploymentId: world.deploymentId, series: "scheduler_tasks_starving" });
    expect(
      await store.buckets(world.deploymentId, "scheduler_tasks_starving", {
        from: new Date("2026-12-01T00:00:00Z"),
        to: new Date("2026-12-05T00:00:00Z"),
      }),
    ).toMatchObject([{ last: 3 }]);
  });

  it("stores what real Airflow sent over UDP to the receiver, in the deployment's one-minute buckets", async () => {
    const store = new MetricsStore(db);
    const recorder = new MetricsRecorder(store);
    const minute = new Date("2026-12-05T13:07:00Z");
    let received = 0;
    const receiver = await startStatsdReceiver({
      airflowMajor: 3,
      now: () => new Date(minute.getTime() + 15_000),
      onSamples: (samples) => {
        received += samples.length;
        recorder.record(world.deploymentId, samples);
      },
    });
    const socket = dgram.createSocket("udp4");
    const lines = readFileSync(
      path.join(import.meta.dirname, "fixtures", "airflow-3.3.2-influx.statsd"),
      "utf8",
    )
      .split("\n")
      .filter(Boolean);
    let flushed = { buckets: 0, newSeries: 0, droppedSeries: {} };
    try {
      // One datagram per line, as Airflow's statsd client sends them.
      for (const line of lines) {
        await new Promise<void>((resolve, reject) =>
          socket.send(line, receiver.port, receiver.host, (error) => (error ? reject(error) : resolve())),
        );
      }
      // Every datagram that maps to a series has been taken in once the count matches.
      const normalizer = new StatsdNormalizer(3);
      const expected = lines.filter((line) => {
        const parsed = parseStatsdLine(line);
        return parsed && normalizer.normalize(parsed, minute);
      }).length;
      await expect.poll(() => received).toBe(expected);
      flushed = await recorder.flush();
    } finally {
      socket.close();
      await receiver.close();
    }
    const range = { from: minute, to: new Date(minute.getTime() + 60_000) };
    const starts = await store.buckets(world.deploymentId, "ti_start", range);
    expect(starts.find((bucket) => bucket.labels.task_id === "load.orders")).toMatchObject({
      labels: { dag_id: "skyport_success", task_id: "load.orders" },
      bucketStart: minute,
      sum: 1,
    });
    expect(starts.find((bucket) => bucket.labels.task_id === "flaky")?.sum).toBe(2);
    expect(await store.buckets(world.deploymentId, "pool_open_slots", range)).toMatchObject([
      { labels: { pool_name: "default_pool" }, last: 128 },
    ]);
    expect(flushed.droppedSeries).toEqual({});
    expect(flushed.newSeries).toBeGreaterThan(20);
    expect(await store.buckets(world.deploymentId, "ti_finish", range)).toContainEqual(
      expect.objectContaining({
        labels: { dag_id: "skyport_fail", task_id: "broken", state: "failed" },
        sum: 1,
      }),
    );
  });
});

// The worker's metrics scrape against a real prometheus/statsd_exporter (built into the cache by
// scripts/statsd-exporter) running the mapping Skyport renders for Airflow 3, fed real StatsD
// datagrams as Airflow 3 sends them with statsd_influxdb_enabled: what is stored is the registry's
// series with the right values and labels, HEALTHY deployments only, one failing exporter does
// not stop the others, and retention drops old buckets.
import dgram from "node:dgram";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { LocalRuntimes } from "@skyport/local-runtime";
import { createLogger } from "@skyport/logger";
import { MetricsStore, renderStatsdExporterMapping, SERIES_BY_KEY } from "@skyport/metrics";
import { newDeployment, waitFor, worldOnTestDatabase } from "@skyport/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  freePort,
  type RunningStatsdExporter,
  startStatsdExporter,
} from "../../../scripts/statsd-exporter/statsd-exporter.ts";
import { LocalMetricsCollector, MetricsScraper, metricsRetentionHandler } from "../src/jobs/telemetry.ts";

const { db, world } = await worldOnTestDatabase();
const logger = createLogger({ name: "metrics-scrape-test", level: "silent" });

describe("the metrics scrape job", () => {
  let exporter: RunningStatsdExporter | undefined;
  let udpPort = 0;
  let metricsUrl = "";
  const socket = dgram.createSocket("udp4");

  beforeAll(async () => {
    exporter = await startStatsdExporter(renderStatsdExporterMapping(3));
    udpPort = exporter.udpPort;
    metricsUrl = exporter.metricsUrl;
  });
  afterAll(() => {
    exporter?.stop();
    socket.close();
  });

  async function send(lines: string[]): Promise<void> {
    for (const line of lines) {
      await new Promise<void>((resolve, reject) =>
        socket.send(line, udpPort, "127.0.0.1", (error) => (error ? reject(error) : resolve())),
      );
    }
  }

  it("stores what a runtime's exporter serves, for HEALTHY deployments, past a failing one", async () => {
    const healthy = await newDeployment(db, world, "scraped");
    const broken = await newDeployment(db, world, "broken-exporter");
    const creating = await newDeployment(db, world, "still-creating");
    await db.deployment.updateMany({
      where: { id: { in: [healthy.deploymentId, broken.deploymentId] } },
      data: { status: "HEALTHY" },
    });
    const namespaces = Object.fromEntries(
      (
        await db.deployment.findMany({
          where: { id: { in: [healthy.deploymentId, broken.deploymentId, creating.deploymentId] } },
          select: { id: true, namespace: true },
        })
      ).map((row) => [row.namespace, row.id]),
    );
    const closedPort = await freePort();
    const urlFor = (namespace: string) =>
      namespaces[namespace] === healthy.deploymentId ? metricsUrl : `http://127.0.0.1:${closedPort}/metrics`;
    const scraper = new MetricsScraper(db, logger, { urlFor });

    expect((await scraper.targets()).map((t) => t.deploymentId).sort()).toEqual(
      [healthy.deploymentId, broken.deploymentId].sort(),
    );
    // The first scrape sets the baseline for cumulative values.
    expect(await scraper.scrapeAll()).toMatchObject({ deployments: 2, scraped: 1, failed: 1 });

    await send([
      "airflow.executor.open_slots,executor_class_name=CeleryExecutor:16|g",
      "airflow.scheduler_heartbeat:1|c",
      "airflow.scheduler_heartbeat:1|c",
      "airflow.scheduler_heartbeat:1|c",
      // A dag id with a dot, tagged; and its legacy twin, which the mapping drops.
      "airflow.dagrun.duration.success,dag_id=etl.daily,run_type=scheduled:1500|ms",
      "airflow.dagrun.duration.success.etl.daily:1500|ms",
    ]);
    await waitFor(
      async () => {
        const text = await (await fetch(metricsUrl)).text();
        return (
          /^airflow_scheduler_heartbeat 3$/m.test(text) && text.includes("airflow_dagrun_duration_success")
        );
      },
      10_000,
      "the exporter to have the datagrams",
    );
    const summary = await scraper.scrapeAll();
    expect(summary).toMatchObject({ deployments: 2, scraped: 1, failed: 1 });
    expect(summary.samples).toBeGreaterThanOrEqual(3);

    const store = new MetricsStore(db);
    const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
    const buckets = (series: string) => store.buckets(healthy.deploymentId, series, range);
    const heartbeat = await buckets("scheduler_heartbeat");
    expect(heartbeat.reduce((sum, b) => sum + b.sum, 0)).toBe(3);
    const slots = await buckets("executor_open_slots");
    expect(slots.at(-1)).toMatchObject({ last: 16, labels: { executor_class_name: "CeleryExecutor" } });
    const durations = await buckets("dagrun_duration_success");
    expect(durations).toHaveLength(1);
    expect(durations[0]).toMatchObject({ count: 1, sum: 1.5 });
    expect(durations[0]?.labels.dag_id).toBe("etl.daily");
    // Nothing stored for the broken or the CREATING deployment.
    expect(await db.metricSeries.count({ where: { deploymentId: broken.deploymentId } })).toBe(0);
    expect(await db.metricSeries.count({ where: { deploymentId: creating.deploymentId } })).toBe(0);

    // Retention: a bucket from 40 days ago goes, today's stay.
    const old = new MetricsScraper(db, logger, { urlFor, now: () => new Date(Date.now() - 40 * 86_400_000) });
    await old.scrapeAll();
    const everything = { from: new Date(0), to: range.to };
    expect((await store.buckets(healthy.deploymentId, "executor_open_slots", everything)).length).toBe(2);
    const removed = await metricsRetentionHandler(db, logger, 30)();
    expect(removed.buckets).toBeGreaterThanOrEqual(1);
    const kept = await store.buckets(healthy.deploymentId, "executor_open_slots", everything);
    expect(kept.map((b) => b.last)).toEqual([16]);
    expect(await buckets("scheduler_heartbeat")).toEqual(heartbeat);
  });

  it("a local runtime's StatsD receiver stores the same series from the same datagrams as the exporter's scrape", async () => {
    const scraped = await newDeployment(db, world, "scraped-twin");
    const local = await newDeployment(db, world, "local-twin");
    await db.deployment.update({ where: { id: scraped.deploymentId }, data: { status: "HEALTHY" } });
    const { namespace } = await db.deployment.findUniqueOrThrow({ where: { id: scraped.deploymentId } });
    const scraper = new MetricsScraper(db, logger, {
      urlFor: (ns) => (ns === namespace ? metricsUrl : "http://127.0.0.1:1/metrics"),
    });
    await scraper.scrapeAll(); // the baseline

    const stateDir = mkdtempSync(path.join(os.tmpdir(), "skyport-local-statsd-"));
    const runtimes = new LocalRuntimes({ stateDir, python: "python3", brokerUrl: "redis://127.0.0.1:1" });
    const collector = new LocalMetricsCollector(db, logger);
    const received: string[] = [];
    runtimes.metricsSink = (deploymentId, samples) => {
      received.push(...samples.map((sample) => sample.series));
      collector.record(deploymentId, samples);
    };
    const dir = runtimes.dirFor("skyport-localtwin");
    const localPort = await runtimes.metricsReceiver(dir, local.deploymentId, 3);
    const lines = [
      "airflow.scheduler_heartbeat:1|c",
      "airflow.scheduler_heartbeat:1|c",
      "airflow.executor.queued_tasks,executor_class_name=CeleryExecutor:5|g",
      "airflow.pool.starving_tasks,pool_name=default_pool:2|g",
      "airflow.task.queued_duration,dag_id=etl.daily,task_id=load:2500|ms",
      "airflow.ti.finish,dag_id=etl.daily,task_id=load,state=success:1|c",
    ];
    try {
      await send(lines);
      for (const line of lines) {
        await new Promise<void>((resolve, reject) =>
          socket.send(line, localPort, "127.0.0.1", (error) => (error ? reject(error) : resolve())),
        );
      }
      await waitFor(async () => received.length === 6, 10_000, "the local receiver to have the datagrams");
      await waitFor(
        async () => (await (await fetch(metricsUrl)).text()).includes("airflow_task_queued_duration"),
        10_000,
        "the exporter to have the datagrams",
      );
      await scraper.scrapeAll();
      await collector.flush();
    } finally {
      await runtimes.stopAll();
    }
    const stored = async (deploymentId: string) => {
      const store = new MetricsStore(db);
      const range = { from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 3_600_000) };
      const series = await db.metricSeries.findMany({
        where: { deploymentId },
        select: { series: true, labels: true },
        orderBy: [{ series: "asc" }],
      });
      return Promise.all(
        series.map(async (row) => {
          const buckets = await store.buckets(deploymentId, row.series, range);
          // What the series reads as: a gauge's last value, a counter's or timer's total.
          const gauge = SERIES_BY_KEY.get(row.series)?.kind === "gauge";
          return {
            series: row.series,
            labels: row.labels,
            value: gauge ? buckets.at(-1)?.last : buckets.reduce((total, bucket) => total + bucket.sum, 0),
          };
        }),
      );
    };
    const fromLocal = await stored(local.deploymentId);
    expect(fromLocal.map((row) => row.series)).toEqual(
      expect.arrayContaining([
        "scheduler_heartbeat",
        "executor_queued_tasks",
        "pool_starving_tasks",
        "task_queued_duration",
        "ti_finish",
      ]),
    );
    expect(fromLocal.find((row) => row.series === "scheduler_heartbeat")?.value).toBe(2);
    expect(fromLocal.find((row) => row.series === "task_queued_duration")).toMatchObject({
      labels: { dag_id: "etl.daily", task_id: "load" },
      value: 2.5,
    });
    // The scraped twin saw the same datagrams (plus gauges the exporter keeps from the test before).
    const fromExporter = await stored(scraped.deploymentId);
    for (const row of fromLocal) {
      expect(fromExporter).toContainEqual(row);
    }

    // A restarted worker listens where the runtime's processes still send: the kept port.
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "state.json"),
      JSON.stringify({ statsdPort: localPort, deploymentId: local.deploymentId, airflowMajor: 3 }),
    );
    writeFileSync(
      path.join(dir, "supervisor.json"),
      JSON.stringify({
        components: [
          {
            name: "idle",
            command: "sleep",
            args: ["60"],
            cwd: dir,
            env: {},
            logFile: path.join(dir, "idle.log"),
          },
        ],
      }),
    );
    const restarted = new LocalRuntimes({
      stateDir,
      python: "python3",
      brokerUrl: "redis://127.0.0.1:1",
      graceMs: 1_000,
    });
    try {
      restarted.start();
      expect(await restarted.metricsReceiver(dir, local.deploymentId, 3)).toBe(localPort);
      expect(JSON.parse(readFileSync(path.join(dir, "state.json"), "utf8")).statsdPort).toBe(localPort);
    } finally {
      await restarted.stopAll();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});

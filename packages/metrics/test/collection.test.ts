// Both collection paths — Skyport's StatsD receiver (local runtimes) and the statsd-exporter
// scrape (Kubernetes) — turn what real Airflow sends into the same registry samples.
import dgram from "node:dgram";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  type AirflowMajor,
  labelsKey,
  type MetricSample,
  mappingRules,
  PrometheusNormalizer,
  parsePrometheusText,
  parseStatsdLine,
  renderStatsdExporterMapping,
  ScrapeError,
  SERIES,
  SERIES_BY_KEY,
  StatsdNormalizer,
  scrapePrometheus,
  startStatsdReceiver,
} from "@skyport/metrics";
import parsePrometheusTextFormat from "parse-prometheus-text-format";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";

const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, "fixtures", name), "utf8");
const AT = new Date("2026-12-05T12:00:30Z");

function viaStatsd(lines: string, airflowMajor: AirflowMajor): MetricSample[] {
  const normalizer = new StatsdNormalizer(airflowMajor);
  return lines
    .split("\n")
    .map((line) => parseStatsdLine(line.trim()))
    .flatMap((line) => {
      const sample = line && normalizer.normalize(line, AT);
      return sample ? [sample] : [];
    });
}

/** Totals per series and labels: counter and timer increases add up, gauges keep the last value. */
function totals(samples: MetricSample[]): Record<string, { value: number; count: number }> {
  const out: Record<string, { value: number; count: number }> = {};
  for (const sample of samples) {
    const key = `${sample.series}${labelsKey(sample.labels)}`;
    const before = out[key];
    out[key] =
      sample.kind === "gauge" || !before
        ? { value: sample.value, count: sample.count }
        : {
            value: before.value + sample.value,
            count: sample.kind === "timer" ? before.count + sample.count : 1,
          };
  }
  for (const entry of Object.values(out)) entry.value = Math.round(entry.value * 1e6) / 1e6;
  return out;
}

/** The executor's and the pools' slot gauges. */
const SLOT_GAUGES = [
  "executor_open_slots",
  "executor_queued_tasks",
  "executor_running_tasks",
  "pool_open_slots",
  "pool_queued_slots",
  "pool_running_slots",
] as const;

/** A scrape after an empty one: every cumulative value counts as new. */
function viaScrape(text: string): MetricSample[] {
  const normalizer = new PrometheusNormalizer();
  normalizer.normalize("", AT);
  return normalizer.normalize(text, AT);
}

describe("the registry", () => {
  it("names the series Skyport keeps, each with one Prometheus name", () => {
    for (const key of [
      ...SLOT_GAUGES,
      "pool_starving_tasks",
      "scheduler_tasks_starving",
      "scheduler_tasks_executable",
      "scheduler_heartbeat",
      "dag_processing_total_parse_time",
      "dag_processing_import_errors",
      "dagrun_schedule_delay",
      "task_queued_duration",
      "ti_start",
      "ti_finish",
      "ti_queued",
      "workers",
    ]) {
      expect(SERIES_BY_KEY.get(key), key).toBeDefined();
    }
    expect(new Set(SERIES.map((s) => s.prometheus)).size).toBe(SERIES.length);
    expect(SERIES_BY_KEY.get("task_queued_duration")?.statsd).toEqual({
      airflow3: "airflow.task.queued_duration",
      legacy: "airflow.dag.<dag_id>.<task_id>.queued_duration",
    });
  });
});

describe("the statsd-exporter mapping", () => {
  it("renders YAML statsd-exporter reads: globs for tagged names, regex drops of Airflow 3's legacy duplicates", () => {
    const rendered = parseYaml(renderStatsdExporterMapping(3)) as {
      mappings: Array<Record<string, unknown>>;
    };
    expect(rendered.mappings).toContainEqual({
      match: "airflow.pool.queued_slots",
      name: "airflow_pool_queued_slots",
    });
    expect(rendered.mappings).toContainEqual({ match: "airflow.ti.start", name: "airflow_ti_start" });
    expect(rendered.mappings).toContainEqual({
      match: String.raw`^airflow\.ti\.(start|finish)\..+$`,
      match_type: "regex",
      name: "dropped",
      action: "drop",
    });
    const airflow2 = parseYaml(renderStatsdExporterMapping(2)) as {
      mappings: Array<Record<string, unknown>>;
    };
    expect(airflow2.mappings).toContainEqual({
      match: String.raw`^airflow\.dag\.([^.]+)\.(.+)\.queued_duration$`,
      match_type: "regex",
      name: "airflow_task_queued_duration",
      labels: { dag_id: "$1", task_id: "$2" },
    });
    expect(mappingRules(2).length).toBe(airflow2.mappings.length);
  });
});

describe("StatsD lines", () => {
  it("reads InfluxDB tags, DogStatsD tags, sample rates and relative gauges", () => {
    expect(parseStatsdLine("airflow.ti.finish,dag_id=etl,task_id=load.orders,state=success:1|c")).toEqual({
      name: "airflow.ti.finish",
      tags: { dag_id: "etl", task_id: "load.orders", state: "success" },
      value: 1,
      relative: false,
      type: "c",
      sampleRate: 1,
    });
    expect(parseStatsdLine("airflow.ti.start:1|c|@0.5|#dag_id:etl,task_id:x")).toMatchObject({
      tags: { dag_id: "etl", task_id: "x" },
      sampleRate: 0.5,
    });
    expect(parseStatsdLine("airflow.pool.open_slots:-2|g")).toMatchObject({ value: -2, relative: true });
    for (const junk of ["", "no value", "airflow.x:abc|c", "airflow.x:1|zz", ":1|c"]) {
      expect(parseStatsdLine(junk), junk).toBeUndefined();
    }
  });
});

describe("Airflow 3.3.2's real StatsD, with tags", () => {
  const lines = fixture("airflow-3.3.2-influx.statsd");
  const statsd = viaStatsd(lines, 3);

  it("keeps ids with dots as labels and counts each event once (the legacy duplicates are dropped)", () => {
    const got = totals(statsd);
    expect(got[`ti_start${labelsKey({ dag_id: "skyport_success", task_id: "load.orders" })}`]).toEqual({
      value: 1,
      count: 1,
    });
    // Two tries of the retried task: two starts, one up_for_retry and one success finish.
    expect(got[`ti_start${labelsKey({ dag_id: "skyport_retry", task_id: "flaky" })}`]?.value).toBe(2);
    expect(
      got[`ti_finish${labelsKey({ dag_id: "skyport_retry", task_id: "flaky", state: "up_for_retry" })}`]
        ?.value,
    ).toBe(1);
    expect(
      got[`ti_finish${labelsKey({ dag_id: "skyport_retry", task_id: "flaky", state: "success" })}`]?.value,
    ).toBe(1);
    expect(got[`pool_open_slots${labelsKey({ pool_name: "default_pool" })}`]?.value).toBe(128);
    expect(
      got[`executor_open_slots${labelsKey({ executor_class_name: "LocalExecutor", status: "open" })}`]?.value,
    ).toBe(32);
    expect(Object.keys(got).some((key) => key.includes("load__orders"))).toBe(false);
    expect(new Set(statsd.map((sample) => sample.series))).toEqual(
      new Set([
        "ti_start",
        "ti_finish",
        "task_duration",
        "scheduler_tasks_starving",
        "scheduler_tasks_executable",
        "scheduler_dagruns_running",
        "scheduler_heartbeat",
        "dag_processor_heartbeat",
        ...SLOT_GAUGES,
        "dag_processing_total_parse_time",
        "dag_processing_import_errors",
      ]),
    );
  });

  it("converts timers from milliseconds to seconds", () => {
    const extract = statsd.find(
      (sample) =>
        sample.series === "task_duration" &&
        sample.labels.task_id === "extract" &&
        sample.labels.dag_id === "skyport_success",
    );
    expect(extract?.value).toBeCloseTo(10.600245, 6);
  });

  it("yields exactly what a scrape of the real statsd-exporter given the same lines yields", () => {
    expect(totals(viaScrape(fixture("statsd-exporter-0.30.0-airflow-3.3.2.prom")))).toEqual(totals(statsd));
  });
});

describe("Airflow 2's legacy names", () => {
  it("become the same series and labels; the first segment is the dag id, the rest up to the state the task id", () => {
    const statsd = viaStatsd(fixture("airflow2-legacy.statsd"), 2);
    const got = totals(statsd);
    expect(got).toMatchObject({
      [`ti_finish${labelsKey({ dag_id: "etl", task_id: "load.orders", state: "success" })}`]: { value: 1 },
      [`ti_start${labelsKey({ dag_id: "etl", task_id: "load.orders" })}`]: { value: 1 },
      [`pool_queued_slots${labelsKey({ pool_name: "default_pool" })}`]: { value: 3 },
      [`executor_open_slots${labelsKey({})}`]: { value: 16 },
      [`task_queued_duration${labelsKey({ dag_id: "etl", task_id: "load.orders" })}`]: {
        value: 1.5,
        count: 1,
      },
      [`dagrun_schedule_delay${labelsKey({ dag_id: "etl" })}`]: { value: 4, count: 1 },
      [`ti_queued${labelsKey({ queue: "default", dag_id: "etl", task_id: "load.orders" })}`]: { value: 2 },
    });
    // The untagged twins carry no labels on Airflow 2 and are dropped, not counted again.
    expect(got[`ti_finish${labelsKey({})}`]).toBeUndefined();
    expect(totals(viaScrape(fixture("statsd-exporter-0.30.0-airflow2-legacy.prom")))).toEqual(got);
  });
});

describe("Prometheus text", () => {
  it("keeps the labels of summaries, which the parsing library alone folds away", () => {
    const text = fixture("statsd-exporter-0.30.0-airflow-3.3.2.prom");
    const raw = parsePrometheusTextFormat(text).find((family) => family.name === "airflow_task_duration");
    expect(raw?.metrics[0]?.labels).toBeUndefined();
    const { values, types } = parsePrometheusText(text);
    expect(types.get("airflow_task_duration")).toBe("summary");
    expect(values).toContainEqual({
      name: "airflow_task_duration_count",
      labels: { dag_id: "skyport_success", task_id: "load.orders" },
      value: 1,
    });
  });

  it("turns cumulative counters into increases between scrapes, and a drop into a restart", () => {
    const normalizer = new PrometheusNormalizer();
    const scrape = (value: number) =>
      normalizer.normalize(
        `# TYPE airflow_scheduler_heartbeat counter\nairflow_scheduler_heartbeat ${value}\n`,
        AT,
      );
    expect(scrape(10)).toEqual([]);
    expect(scrape(14).map((sample) => sample.value)).toEqual([4]);
    expect(scrape(3).map((sample) => sample.value)).toEqual([3]);
  });
});

describe("the StatsD receiver", () => {
  it("receives datagrams over UDP and hands over normalized samples", async () => {
    const received: MetricSample[] = [];
    const receiver = await startStatsdReceiver({
      airflowMajor: 3,
      onSamples: (samples) => received.push(...samples),
    });
    const socket = dgram.createSocket("udp4");
    try {
      const datagram = [
        "airflow.ti.finish,dag_id=etl,task_id=load.orders,state=failed:1|c",
        "airflow.ti.finish.etl.load__orders.failed:1|c",
        "airflow.pool.queued_slots,pool_name=default_pool:7|g",
        "airflow.task.queued_duration,dag_id=etl,task_id=load.orders:2500|ms",
      ].join("\n");
      await new Promise<void>((resolve, reject) =>
        socket.send(datagram, receiver.port, receiver.host, (error) => (error ? reject(error) : resolve())),
      );
      await expect.poll(() => received.length).toBe(3);
    } finally {
      socket.close();
      await receiver.close();
    }
    expect(received.map(({ series, labels, value, count }) => ({ series, labels, value, count }))).toEqual([
      {
        series: "ti_finish",
        labels: { dag_id: "etl", task_id: "load.orders", state: "failed" },
        value: 1,
        count: 1,
      },
      { series: "pool_queued_slots", labels: { pool_name: "default_pool" }, value: 7, count: 1 },
      {
        series: "task_queued_duration",
        labels: { dag_id: "etl", task_id: "load.orders" },
        value: 2.5,
        count: 1,
      },
    ]);
  });
});

describe("scraping a statsd-exporter over HTTP", () => {
  it("reads /metrics into samples, and refuses error answers and oversized ones", async () => {
    const body = fixture("statsd-exporter-0.30.0-airflow-3.3.2.prom");
    const server = createServer((req, res) => {
      if (req.url === "/metrics") {
        res.writeHead(200, { "content-type": "text/plain; version=0.0.4" });
        res.end(body);
      } else {
        res.writeHead(503);
        res.end("down");
      }
    }).listen(0, "127.0.0.1");
    await once(server, "listening");
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const normalizer = new PrometheusNormalizer();
      await scrapePrometheus(`${base}/metrics`, normalizer, { now: () => AT });
      // The second scrape of the same text: gauges again, no counter increases.
      const again = await scrapePrometheus(`${base}/metrics`, normalizer, { now: () => AT });
      expect(again.filter((sample) => sample.kind === "counter").every((sample) => sample.value === 0)).toBe(
        true,
      );
      expect(again).toContainEqual({
        series: "pool_open_slots",
        kind: "gauge",
        labels: { pool_name: "default_pool" },
        value: 128,
        count: 1,
        at: AT,
      });
      await expect(scrapePrometheus(`${base}/down`, new PrometheusNormalizer())).rejects.toThrow(
        new ScrapeError(`scraping ${base}/down answered HTTP 503`),
      );
      await expect(
        scrapePrometheus(`${base}/metrics`, new PrometheusNormalizer(), { maxBytes: 1024 }),
      ).rejects.toThrow("exceeds 1024 bytes");
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

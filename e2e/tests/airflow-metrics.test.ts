// Real Apache Airflow 3 sends StatsD while `airflow dags test` runs. The datagrams go both to
// Skyport's StatsD receiver (local runtimes) and to a real statsd_exporter with the mapping
// Skyport renders (Kubernetes), whose /metrics Skyport scrapes: both must yield the same series.
// Skipped only without Python 3 (banner names the install command); without Go, the
// statsd_exporter half is left out with a banner.
import dgram from "node:dgram";
import { once } from "node:events";
import type { AddressInfo } from "node:net";
import {
  airflowStatsdSettings,
  labelsKey,
  type MetricSample,
  PrometheusNormalizer,
  renderStatsdExporterMapping,
  scrapePrometheus,
  startStatsdReceiver,
} from "@skyport/metrics";
import { hasToolchain } from "@skyport/testing/toolchain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIRFLOW_VERSION, ensureAirflow } from "../../scripts/airflow/airflow.ts";
import { createAirflowHome, dagsTest, statsdEnv } from "../../scripts/airflow/dags-test.ts";
import { GO_INSTALL_HINT, hasGo } from "../../scripts/cached-tools.ts";
import { startStatsdExporter } from "../../scripts/statsd-exporter/statsd-exporter.ts";
import { AIRFLOW_PYTHON, EXAMPLE_DAGS_FOLDER, EXAMPLE_LOGICAL_DATE } from "../src/airflow-example-dags.ts";

const pythonPresent = hasToolchain(AIRFLOW_PYTHON);
const goPresent = hasGo();
const banner = (lines: string[]) => {
  const line = "!".repeat(78);
  process.stderr.write(`\n${line}\n${lines.map((text) => `!! ${text}\n`).join("")}${line}\n\n`);
};
if (pythonPresent && !goPresent) {
  banner([
    "statsd_exporter half of e2e/tests/airflow-metrics.test.ts NOT RUN: no Go to build it.",
    `${GO_INSTALL_HINT}; Skyport's own StatsD receiver is still tested.`,
  ]);
}

function totals(samples: MetricSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const sample of samples) {
    const key = `${sample.series}${labelsKey(sample.labels)}`;
    out[key] = sample.kind === "gauge" ? sample.value : (out[key] ?? 0) + sample.value;
  }
  return out;
}

describe.skipIf(!pythonPresent)(`Apache Airflow ${AIRFLOW_VERSION}'s StatsD reaches Skyport`, () => {
  const received: MetricSample[] = [];
  const cleanup: Array<() => Promise<void> | void> = [];
  let exporterUrl: string | undefined;

  beforeAll(async () => {
    const airflow = await ensureAirflow();
    const receiver = await startStatsdReceiver({
      airflowMajor: 3,
      onSamples: (samples) => received.push(...samples),
    });
    cleanup.push(() => receiver.close());

    let exporterUdpPort = 0;
    if (goPresent) {
      const exporter = await startStatsdExporter(renderStatsdExporterMapping(3));
      cleanup.push(() => exporter.stop());
      exporterUdpPort = exporter.udpPort;
      exporterUrl = exporter.metricsUrl;
    }

    // Airflow sends to one address; this copies every datagram to both collectors.
    const tee = dgram.createSocket("udp4");
    tee.on("message", (message) => {
      tee.send(message, receiver.port, receiver.host);
      if (exporterUrl) tee.send(message, exporterUdpPort, "127.0.0.1");
    });
    tee.bind(0, "127.0.0.1");
    await once(tee, "listening");
    cleanup.push(() => new Promise<void>((resolve) => tee.close(() => resolve())));

    const home = await createAirflowHome(airflow, {
      dagsFolder: EXAMPLE_DAGS_FOLDER,
      env: {
        ...statsdEnv("127.0.0.1", (tee.address() as AddressInfo).port),
        ...Object.fromEntries(
          Object.entries(airflowStatsdSettings(3)).map(([key, value]) => [
            `AIRFLOW__METRICS__${key.toUpperCase()}`,
            value,
          ]),
        ),
      },
    });
    cleanup.push(() => home.remove());
    for (const dagId of ["skyport_success", "skyport_retry"]) {
      const run = await dagsTest(airflow, home, dagId, EXAMPLE_LOGICAL_DATE);
      process.stderr.write(
        `[airflow dags test] ${dagId} with StatsD: exit ${run.exitCode}, ${run.seconds.toFixed(1)} s\n`,
      );
      expect(run.exitCode, run.output.slice(-2000)).toBe(0);
    }
  });

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it("Skyport's receiver gets task starts, finishes and durations labelled with the real ids, each event once", async () => {
    // UDP: wait until the last task's finish has been taken in.
    await expect
      .poll(
        () =>
          totals(received)[
            `ti_finish${labelsKey({ dag_id: "skyport_retry", task_id: "flaky", state: "success" })}`
          ],
      )
      .toBe(1);
    const got = totals(received);
    expect(got).toMatchObject({
      [`ti_start${labelsKey({ dag_id: "skyport_success", task_id: "load.orders" })}`]: 1,
      [`ti_finish${labelsKey({ dag_id: "skyport_success", task_id: "load.orders", state: "success" })}`]: 1,
      [`ti_start${labelsKey({ dag_id: "skyport_retry", task_id: "flaky" })}`]: 2,
      [`ti_finish${labelsKey({ dag_id: "skyport_retry", task_id: "flaky", state: "up_for_retry" })}`]: 1,
    });
    expect(
      received.some((sample) => sample.series === "task_duration" && sample.labels.task_id === "transform"),
    ).toBe(true);
    expect(Object.keys(got).filter((key) => key.includes("__"))).toEqual([]);
  });

  it.skipIf(!goPresent)(
    "a scrape of the real statsd_exporter with Skyport's mapping yields the same series and values",
    async () => {
      await expect.poll(() => received.length).toBeGreaterThan(0);
      const url = exporterUrl as string;
      const expected = totals(received);
      let scraped: Record<string, number> = {};
      // The exporter may still be taking in the last datagrams: wait for the same series.
      await expect
        .poll(async () => {
          const fresh = new PrometheusNormalizer();
          fresh.normalize("", new Date());
          scraped = totals(await scrapePrometheus(url, fresh));
          return Object.keys(scraped).sort();
        })
        .toEqual(Object.keys(expected).sort());
      for (const [key, value] of Object.entries(expected)) expect(scraped[key], key).toBeCloseTo(value, 6);
      expect(Object.keys(scraped).length).toBeGreaterThan(5);
    },
  );
});

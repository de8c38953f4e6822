// A real prometheus/statsd_exporter for tests, built from the Go module proxy into the cache
// (never into the repository): `go install github.com/prometheus/statsd_exporter@<version>`.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { settings } from "../airflow/airflow.ts";
import { ensureGoBuilt, goInstall, toolLog } from "../cached-tools.ts";

export const STATSD_EXPORTER_VERSION = "v0.30.0";
export function statsdExporterPath(cacheDir = settings().cacheDir): string {
  return path.join(cacheDir, `statsd_exporter-${STATSD_EXPORTER_VERSION}`, "statsd_exporter");
}

/** The statsd_exporter binary, building it when missing (about 2 minutes from nothing). */
export function ensureStatsdExporter(log = toolLog("statsd_exporter")): Promise<string> {
  const binary = statsdExporterPath();
  const module = `github.com/prometheus/statsd_exporter@${STATSD_EXPORTER_VERSION}`;
  return ensureGoBuilt("statsd_exporter", binary, log, async () => {
    log(`building ${module} into ${path.dirname(binary)}`);
    await goInstall([module], path.dirname(binary));
  });
}

/** A free TCP port on 127.0.0.1 (also free for UDP in practice: tests bind both right away). */
export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningStatsdExporter {
  /** Where it takes StatsD datagrams (127.0.0.1). */
  readonly udpPort: number;
  /** Its Prometheus endpoint. */
  readonly metricsUrl: string;
  stop(): void;
}

/** Starts the statsd_exporter on 127.0.0.1 with `mapping` and waits until /metrics answers. */
export async function startStatsdExporter(mapping: string): Promise<RunningStatsdExporter> {
  const binary = await ensureStatsdExporter();
  const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-statsd-exporter-"));
  writeFileSync(path.join(dir, "mappings.yml"), mapping);
  const udpPort = await freePort();
  const webPort = await freePort();
  const exporter = spawn(
    binary,
    [
      `--statsd.mapping-config=${path.join(dir, "mappings.yml")}`,
      `--statsd.listen-udp=127.0.0.1:${udpPort}`,
      "--statsd.listen-tcp=",
      `--web.listen-address=127.0.0.1:${webPort}`,
    ],
    { stdio: "ignore" },
  );
  const stop = () => {
    exporter.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const metricsUrl = `http://127.0.0.1:${webPort}/metrics`;
  const deadline = Date.now() + 20_000;
  while ((await fetch(metricsUrl).catch(() => undefined))?.ok !== true) {
    if (Date.now() > deadline || exporter.exitCode !== null) {
      stop();
      throw new Error("statsd_exporter did not answer on /metrics");
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { udpPort, metricsUrl, stop };
}

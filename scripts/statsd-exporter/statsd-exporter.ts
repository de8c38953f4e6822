// A real prometheus/statsd_exporter for tests, built from the Go module proxy into the cache
// (never into the repository): `go install github.com/prometheus/statsd_exporter@<version>`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { settings } from "../airflow/airflow.ts";

export const STATSD_EXPORTER_VERSION = "v0.30.0";
export const GO_INSTALL_HINT = "install Go (https://go.dev/dl/, or `apt-get install golang`)";

export function hasGo(): boolean {
  return spawnSync("go", ["version"], { encoding: "utf8" }).status === 0;
}

export function statsdExporterPath(cacheDir = settings().cacheDir): string {
  return path.join(cacheDir, `statsd_exporter-${STATSD_EXPORTER_VERSION}`, "statsd_exporter");
}

/** The statsd_exporter binary, building it when missing (about 2 minutes from nothing). */
export async function ensureStatsdExporter(
  log: (line: string) => void = (line) => process.stderr.write(`[statsd_exporter] ${line}\n`),
): Promise<string> {
  const binary = statsdExporterPath();
  if (existsSync(binary)) return binary;
  if (!hasGo()) throw new Error(`statsd_exporter is not built and Go is missing: ${GO_INSTALL_HINT}`);
  log(
    `building github.com/prometheus/statsd_exporter@${STATSD_EXPORTER_VERSION} into ${path.dirname(binary)}`,
  );
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      "go",
      ["install", `github.com/prometheus/statsd_exporter@${STATSD_EXPORTER_VERSION}`],
      {
        env: { ...process.env, GOBIN: path.dirname(binary), GOFLAGS: "-mod=mod" },
        stdio: ["ignore", "inherit", "inherit"],
      },
    );
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`go install exited with ${code}`)),
    );
  });
  log(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return binary;
}

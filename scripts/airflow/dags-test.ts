// Running DAGs with real Airflow: a throwaway AIRFLOW_HOME (SQLite, no example DAGs) and
// `airflow dags test <dag_id> <logical date>`, which runs one DAG run in-process without a
// scheduler. Used by the OpenLineage and metrics tests and by `npm run fixtures:airflow`.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { AirflowInstall } from "./airflow.ts";

export interface AirflowHome {
  dir: string;
  /** The environment every `airflow` command of this home runs with. */
  env: NodeJS.ProcessEnv;
  remove(): void;
}

export interface AirflowHomeOptions {
  dagsFolder: string;
  /** More `AIRFLOW__…` settings, e.g. from `openLineageEnv` or `statsdEnv`. */
  env?: Record<string, string>;
}

/** Where the OpenLineage provider sends its events (HTTP transport, `api_key` auth, gzip). */
export interface OpenLineageTarget {
  /** Base URL; the provider joins `endpoint` to it with Python's urljoin. */
  url: string;
  endpoint: string;
  apiKey: string;
  namespace: string;
}

/**
 * The two settings that turn the provider on: without a transport it disables itself. Nothing
 * else is needed for `airflow dags test` to emit events.
 */
export function openLineageEnv(target: OpenLineageTarget): Record<string, string> {
  return {
    AIRFLOW__OPENLINEAGE__TRANSPORT: JSON.stringify({
      type: "http",
      url: target.url,
      endpoint: target.endpoint,
      auth: { type: "api_key", apiKey: target.apiKey },
      compression: "gzip",
    }),
    AIRFLOW__OPENLINEAGE__NAMESPACE: target.namespace,
  };
}

/** Plain StatsD to a UDP receiver (the `statsd` extra is installed by ensureAirflow). */
export function statsdEnv(host: string, port: number, prefix = "airflow"): Record<string, string> {
  return {
    AIRFLOW__METRICS__STATSD_ON: "True",
    AIRFLOW__METRICS__STATSD_HOST: host,
    AIRFLOW__METRICS__STATSD_PORT: String(port),
    AIRFLOW__METRICS__STATSD_PREFIX: prefix,
  };
}

function baseEnv(home: string, dagsFolder: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  // Settings from the caller's shell must not leak into the run.
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith("AIRFLOW") && !key.startsWith("OPENLINEAGE"),
    ),
  );
  return {
    ...inherited,
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: dagsFolder,
    AIRFLOW__CORE__LOAD_EXAMPLES: "False",
    ...extra,
  };
}

export interface CommandResult {
  exitCode: number;
  output: string;
  seconds: number;
}

export function runAirflow(airflow: AirflowInstall, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<CommandResult>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(airflow.airflowBin, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({ exitCode: code ?? 1, output, seconds: (performance.now() - started) / 1000 }),
    );
  });
}

/**
 * A migrated SQLite metadata database, made once per Airflow environment (`airflow db migrate`
 * takes about 30 s here) and copied into every new home.
 */
async function migratedDatabase(airflow: AirflowInstall): Promise<string> {
  const template = path.join(airflow.venvDir, "home-template", "airflow.db");
  if (existsSync(template)) return template;
  const scratch = mkdtempSync(path.join(airflow.venvDir, "home-migrating-"));
  try {
    const migrated = await runAirflow(
      airflow,
      ["db", "migrate"],
      baseEnv(scratch, path.join(scratch, "dags")),
    );
    if (migrated.exitCode !== 0) throw new Error(`airflow db migrate failed:\n${migrated.output}`);
    mkdirSync(path.dirname(template), { recursive: true });
    renameSync(path.join(scratch, "airflow.db"), template);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  return template;
}

export async function createAirflowHome(
  airflow: AirflowInstall,
  options: AirflowHomeOptions,
): Promise<AirflowHome> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "skyport-airflow-home-"));
  copyFileSync(await migratedDatabase(airflow), path.join(dir, "airflow.db"));
  return {
    dir,
    env: baseEnv(dir, options.dagsFolder, options.env),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** `airflow dags test`: one run of the DAG at the logical date, every task in this process. */
export function dagsTest(airflow: AirflowInstall, home: AirflowHome, dagId: string, logicalDate: string) {
  return runAirflow(airflow, ["dags", "test", dagId, logicalDate], home.env);
}

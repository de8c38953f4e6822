// The example DAGs in e2e/airflow/dags, run with real Airflow against an OpenLineage target.
import path from "node:path";
import { PYTHON3, type Toolchain } from "@skyport/testing/toolchain";
import { type AirflowInstall, hasPython } from "../../scripts/airflow/airflow.ts";
import { createAirflowHome, dagsTest, openLineageEnv } from "../../scripts/airflow/dags-test.ts";
import type { LineageTarget, ReceivedLineageRequest } from "./lineage-receiver.ts";

export const EXAMPLE_DAGS_FOLDER = path.resolve(import.meta.dirname, "../airflow/dags");

/** What the real-Airflow tests need: the interpreter the Airflow environment is built from. */
export const AIRFLOW_PYTHON: Toolchain = {
  ...PYTHON3,
  name: "Python 3 (SKYPORT_PYTHON or python3 on PATH)",
  probe: hasPython,
  tests: "real Airflow tests (e2e/tests/airflow-*.test.ts)",
};

/** Each example DAG and what its run does. */
export const EXAMPLE_DAGS = {
  skyport_success: "succeeds: a Bash task, a Python task and a task in a task group (`load.orders`)",
  skyport_retry: "task `flaky` fails on try 1 and succeeds on try 2 (retries=1, retry_delay 1 s)",
  skyport_skip: "`gated` is skipped by a ShortCircuitOperator, `self_skip` raises AirflowSkipException",
  skyport_fail: "task `broken` fails for good, so the run fails",
} as const;

export type ExampleDagId = keyof typeof EXAMPLE_DAGS;
export const EXAMPLE_DAG_IDS = Object.keys(EXAMPLE_DAGS) as ExampleDagId[];

/** The logical date every example run uses; task and DAG runIds derive from it. */
export const EXAMPLE_LOGICAL_DATE = "2026-01-02T00:00:00+00:00";

export interface ExampleDagRun {
  dagId: ExampleDagId;
  exitCode: number;
  seconds: number;
  output: string;
  /** The requests that arrived while this DAG ran. */
  requests: ReceivedLineageRequest[];
}

/** Runs each example DAG once, one after another, with `airflow dags test`. */
export async function runExampleDags(
  airflow: AirflowInstall,
  target: LineageTarget,
  options: { namespace: string; dagIds?: ExampleDagId[]; log?: (line: string) => void },
): Promise<ExampleDagRun[]> {
  const home = await createAirflowHome(airflow, {
    dagsFolder: EXAMPLE_DAGS_FOLDER,
    env: openLineageEnv({ ...target, namespace: options.namespace }),
  });
  const runs: ExampleDagRun[] = [];
  try {
    for (const dagId of options.dagIds ?? EXAMPLE_DAG_IDS) {
      const before = (await target.received()).length;
      const result = await dagsTest(airflow, home, dagId, EXAMPLE_LOGICAL_DATE);
      // `dags test` returns after the provider's emitting processes finished (task events are
      // sent from a fork the task waits for; the DAG event from a pool drained at exit).
      const requests = (await target.received()).slice(before);
      options.log?.(
        `${dagId}: exit ${result.exitCode}, ${result.seconds.toFixed(1)} s, ${requests.length} events`,
      );
      runs.push({
        dagId,
        exitCode: result.exitCode,
        seconds: result.seconds,
        output: result.output,
        requests,
      });
    }
  } finally {
    home.remove();
  }
  return runs;
}

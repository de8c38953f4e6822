// `npm run fixtures:airflow`: runs the example DAGs (e2e/airflow/dags) with real Apache Airflow
// and its OpenLineage provider against a local receiver, and saves the events exactly as they
// arrived as packages/domain/test/telemetry/fixtures/airflow3/<dag_id>.jsonl (one event a line).
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EXAMPLE_DAGS, EXAMPLE_LOGICAL_DATE, runExampleDags } from "../../e2e/src/airflow-example-dags.ts";
import { startLineageReceiver } from "../../e2e/src/lineage-receiver.ts";
import { REPO_ROOT } from "../../packages/localstack/src/paths.ts";
import { AIRFLOW_VERSION, ensureAirflow, OPENLINEAGE_PROVIDER_VERSION, UV_VERSION } from "./airflow.ts";

const FIXTURES_DIR = path.join(REPO_ROOT, "packages/domain/test/telemetry/fixtures/airflow3");
const NAMESPACE = "skyport-fixtures";

const airflow = await ensureAirflow();
const receiver = await startLineageReceiver({ apiKey: `fixtures-${randomBytes(8).toString("hex")}` });
try {
  const runs = await runExampleDags(airflow, receiver, {
    namespace: NAMESPACE,
    log: (line) => process.stderr.write(`[fixtures] ${line}\n`),
  });
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const run of runs) {
    const lines = run.requests.map((request) => JSON.stringify(request.event));
    writeFileSync(path.join(FIXTURES_DIR, `${run.dagId}.jsonl`), `${lines.join("\n")}\n`);
  }
  const table = runs
    .map(
      (run) =>
        `| \`${run.dagId}.jsonl\` | ${EXAMPLE_DAGS[run.dagId]} | ${run.requests
          .map((request) => `${request.event.eventType} \`${request.event.job.name}\``)
          .join(", ")} |`,
    )
    .join("\n");
  writeFileSync(
    path.join(FIXTURES_DIR, "README.md"),
    `# Real Airflow 3 OpenLineage events

Recorded from **Apache Airflow ${AIRFLOW_VERSION}** with **apache-airflow-providers-openlineage
${OPENLINEAGE_PROVIDER_VERSION}** (openlineage-python as pinned in
\`scripts/airflow/constraints-${AIRFLOW_VERSION}-py3.11.txt\`, installed with uv ${UV_VERSION}) on
CPython 3.11, by \`npm run fixtures:airflow\` (\`scripts/airflow/fixtures.ts\`). Each file holds the
events one DAG run sent, one JSON event per line, in the order they arrived, exactly as the
provider sent them (gunzipped). Nothing is templated or edited.

How they were produced: a fresh \`AIRFLOW_HOME\` (SQLite, \`AIRFLOW__CORE__LOAD_EXAMPLES=False\`,
\`AIRFLOW__CORE__DAGS_FOLDER=e2e/airflow/dags\`) and, for each DAG,

\`\`\`sh
AIRFLOW__OPENLINEAGE__TRANSPORT='{"type":"http","url":"http://127.0.0.1:<port>","endpoint":"api/v1/lineage","auth":{"type":"api_key","apiKey":"…"},"compression":"gzip"}' \\
AIRFLOW__OPENLINEAGE__NAMESPACE=${NAMESPACE} \\
airflow dags test <dag_id> ${EXAMPLE_LOGICAL_DATE}
\`\`\`

against a local HTTP receiver (\`e2e/src/lineage-receiver.ts\`).

| file | the DAG run | events |
| --- | --- | --- |
${table}

What these show about \`airflow dags test\` (and not about a scheduler-driven run):

- **No DAG-level START.** \`dags test\` creates the DAG run directly in the running state, so
  Airflow never calls \`on_dag_run_running\`; only the DAG's COMPLETE or FAIL arrives. A receiver
  must cope with a run whose START is missing.
- The DAG run's \`start_date\` (in \`airflowDagRun.dagRun\`) is the logical date, and
  \`run_id\` is \`manual__<wall-clock time>\`: \`dags test\` passes the logical date as start date.
- Task events are sent from a process forked per event, which the task waits for (at most
  \`[openlineage] execution_timeout\`, 10 s); the DAG event from the provider's process pool,
  drained before the command exits. So every event has arrived when \`dags test\` returns.
- A task skipped by the scheduler (\`gated\`, after a ShortCircuitOperator) sends nothing; it only
  appears in the DAG event's \`airflowState.tasksState\`. A task raising \`AirflowSkipException\`
  (\`self_skip\`) sends START and COMPLETE.
- Each try of a retried task has its own runId (the try number is part of its derivation).
`,
  );
  // The README's table is written plainly; the repository's formatter aligns it.
  spawnSync(
    path.join(REPO_ROOT, "node_modules/.bin/biome"),
    ["format", "--write", path.join(FIXTURES_DIR, "README.md")],
    {
      stdio: "ignore",
    },
  );
  process.stderr.write(
    `[fixtures] wrote ${runs.length} files to ${path.relative(REPO_ROOT, FIXTURES_DIR)}\n`,
  );
} finally {
  await receiver.close();
}

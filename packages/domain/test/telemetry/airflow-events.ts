// The pieces of an OpenLineage run event as Airflow's provider (2.10.0) sends them, for the
// labelled corpora that build their events from plans (reports/corpus.ts, alerts/trace.ts).

export const PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.10.0";
const RUN_EVENT = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

/** A facet's `_producer` and `_schemaURL`. */
export function facet(name: string) {
  return {
    _producer: PRODUCER,
    _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`,
  };
}

/** A run event's envelope: its type, time, producer and schema. */
export function envelope(eventType: string, eventTime: string) {
  return { eventType, eventTime, producer: PRODUCER, schemaURL: RUN_EVENT };
}

/** The job of a DAG run (`dagId`) or of one of its tasks (`dagId.taskId`). */
export function airflowJob(dagId: string, taskId?: string) {
  return { namespace: "airflow", name: taskId === undefined ? dagId : `${dagId}.${taskId}` };
}

/** The run and job of one task try: a parent facet naming the DAG run and the airflow facet. */
export function taskTry(
  dag: { runId: string; dagId: string },
  task: { runId: string; taskId: string; tryNumber: number },
) {
  const run = {
    runId: task.runId,
    facets: {
      parent: { ...facet("ParentRunFacet"), run: { runId: dag.runId }, job: airflowJob(dag.dagId) },
      airflow: {
        _producer: PRODUCER,
        _schemaURL: "https://example.com/airflow-run-facet.json",
        dag: { dag_id: dag.dagId },
        task: { task_id: task.taskId },
        taskInstance: { try_number: task.tryNumber },
      },
    },
  };
  return { run, job: airflowJob(dag.dagId, task.taskId) };
}

// OpenLineage events as a minimal producer reports a DAG run without task events.

/** The START and the terminal run event of one DAG run of the `default` namespace. */
export function dagRunEvents(run: {
  runId: string;
  dagId: string;
  terminal: "COMPLETE" | "FAIL";
  startedAt: Date;
  endedAt: Date;
}) {
  const envelope = {
    producer: "https://example.com/producer",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    run: { runId: run.runId },
    job: { namespace: "default", name: run.dagId },
  };
  return [
    { ...envelope, eventType: "START", eventTime: run.startedAt.toISOString() },
    { ...envelope, eventType: run.terminal, eventTime: run.endedAt.toISOString() },
  ];
}

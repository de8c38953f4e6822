// What a run's raw events say, read order-independently: events are sorted by a total order
// (event time, then lifecycle rank, then content hash) before facets are merged, so the same
// set of events yields the same facts whatever order and however often they arrived.
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { DagRunState, TaskTryState } from "./telemetry.types.ts";

type Json = Record<string, unknown>;

export interface LineageEventPayload {
  eventType?: string;
  eventTime: string;
  run?: { runId?: string; facets?: Json };
  job?: { namespace?: string; name?: string; facets?: Json };
  inputs?: Array<{ namespace?: string; name?: string; facets?: Json; inputFacets?: Json }>;
  outputs?: Array<{ namespace?: string; name?: string; facets?: Json; outputFacets?: Json }>;
}

const RANK: Record<string, number> = { START: 0, RUNNING: 1, OTHER: 2, COMPLETE: 3, ABORT: 3, FAIL: 3 };

function obj(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}
function str(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}
function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}
function date(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}
function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === "string" ? value : JSON.stringify(value);
}

export function stableId(prefix: string, ...parts: string[]): string {
  return `${prefix}_${createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 24)}`;
}

interface SortedEvent {
  event: LineageEventPayload;
  time: number;
  type: string;
}

/** The events in the one order every derivation uses. */
export function sortEvents(events: readonly LineageEventPayload[]): SortedEvent[] {
  return events
    .map((event) => ({
      event,
      time: new Date(event.eventTime).getTime(),
      type: (event.eventType ?? "OTHER").toUpperCase(),
      hash: canonicalize(event) ?? "",
    }))
    .sort(
      (a, b) =>
        a.time - b.time ||
        (RANK[a.type] ?? 2) - (RANK[b.type] ?? 2) ||
        (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0),
    )
    .map(({ event, time, type }) => ({ event, time, type }));
}

export interface RunFacts {
  runId: string;
  jobNamespace: string;
  jobName: string;
  /** The parent run (a task's DAG run), when any event names one other than the run itself. */
  parent: { runId: string; jobName: string | null } | null;
  runFacets: Json;
  state: "RUNNING" | "SUCCESS" | "FAILED" | "ABORTED";
  startedAt: Date | null;
  endedAt: Date | null;
  lastEventTime: Date;
  errorMessage: string | null;
  stackTrace: string | null;
}

const TERMINAL: Record<string, RunFacts["state"]> = { COMPLETE: "SUCCESS", FAIL: "FAILED", ABORT: "ABORTED" };

/** The facts of one run from all its events (at least one). */
export function runFacts(runId: string, events: readonly LineageEventPayload[]): RunFacts {
  const sorted = sortEvents(events);
  const runFacets: Json = {};
  let jobNamespace = "";
  let jobName = "";
  let parent: RunFacts["parent"] = null;
  let started: number | null = null;
  let terminal: SortedEvent | null = null;
  let isDag = false;
  for (const item of sorted) {
    const { event } = item;
    Object.assign(runFacets, obj(event.run?.facets) ?? {});
    // A DAG run may name a parent too (a run triggered by another DAG's task); it stays a DAG run.
    if (str(obj(obj(event.job?.facets)?.jobType)?.jobType)?.toUpperCase() === "DAG") isDag = true;
    jobNamespace = event.job?.namespace ?? jobNamespace;
    jobName = event.job?.name ?? jobName;
    const parentFacet = obj(obj(event.run?.facets)?.parent);
    const parentRunId = str(obj(parentFacet?.run)?.runId)?.toLowerCase();
    if (parentRunId && parentRunId !== runId) {
      parent = { runId: parentRunId, jobName: str(obj(parentFacet?.job)?.name) };
    }
    if (item.type === "START" && started === null) started = item.time;
    if (item.type in TERMINAL) terminal = item;
  }
  if (isDag || obj(runFacets.airflowDagRun)) parent = null;
  const last = sorted.at(-1) as SortedEvent;
  const error = obj(runFacets.errorMessage);
  return {
    runId,
    jobNamespace,
    jobName,
    parent,
    runFacets,
    state: terminal ? (TERMINAL[terminal.type] as RunFacts["state"]) : "RUNNING",
    startedAt: started === null ? null : new Date(started),
    endedAt: terminal ? new Date(terminal.time) : null,
    lastEventTime: new Date(last.time),
    errorMessage: str(error?.message),
    stackTrace: str(error?.stackTrace),
  };
}

function durationMs(start: Date | null, end: Date | null, fallbackSeconds: number | null): number | null {
  if (start && end) return Math.max(0, end.getTime() - start.getTime());
  return fallbackSeconds === null ? null : Math.round(fallbackSeconds * 1000);
}

export interface DagRunFields {
  dagId: string;
  airflowRunId: string | null;
  logicalDate: Date | null;
  runType: string | null;
  state: DagRunState;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  errorMessage: string | null;
  /** airflowState.tasksState and tasksDuration of the run's latest event carrying them. */
  tasksState: Record<string, string>;
  tasksDuration: Record<string, number>;
}

export function dagRunFields(facts: RunFacts): DagRunFields {
  const dagRun = obj(obj(facts.runFacets.airflowDagRun)?.dagRun);
  const nominal = obj(facts.runFacets.nominalTime);
  const airflowState = obj(facts.runFacets.airflowState);
  const startedAt = facts.startedAt ?? date(dagRun?.start_date);
  const endedAt = facts.endedAt ?? (facts.state === "RUNNING" ? null : date(dagRun?.end_date));
  const tasksState: Record<string, string> = {};
  for (const [task, state] of Object.entries(obj(airflowState?.tasksState) ?? {})) {
    if (typeof state === "string") tasksState[task] = state;
  }
  const tasksDuration: Record<string, number> = {};
  for (const [task, seconds] of Object.entries(obj(airflowState?.tasksDuration) ?? {})) {
    if (typeof seconds === "number") tasksDuration[task] = seconds;
  }
  return {
    dagId: str(dagRun?.dag_id) ?? facts.jobName,
    airflowRunId: str(dagRun?.run_id),
    logicalDate: date(dagRun?.logical_date) ?? date(nominal?.nominalStartTime),
    runType: str(dagRun?.run_type),
    state: facts.state,
    startedAt,
    endedAt,
    durationMs: durationMs(startedAt, endedAt, facts.state === "RUNNING" ? null : num(dagRun?.duration)),
    errorMessage: facts.errorMessage,
    tasksState,
    tasksDuration,
  };
}

export interface TaskTryFields {
  dagId: string;
  taskId: string;
  tryNumber: number | null;
  mapIndex: number | null;
  state: TaskTryState;
  startedAt: Date | null;
  endedAt: Date | null;
  durationMs: number | null;
  queue: string | null;
  pool: string | null;
  errorMessage: string | null;
  stackTrace: string | null;
}

export function taskTryFields(facts: RunFacts): TaskTryFields {
  const airflow = obj(facts.runFacets.airflow);
  const ti = obj(airflow?.taskInstance);
  const task = obj(airflow?.task);
  const dagId =
    str(obj(airflow?.dag)?.dag_id) ?? facts.parent?.jobName ?? facts.jobName.split(".")[0] ?? facts.jobName;
  const taskId =
    str(task?.task_id) ??
    (facts.jobName.startsWith(`${dagId}.`) ? facts.jobName.slice(dagId.length + 1) : facts.jobName);
  const seconds = facts.state === "RUNNING" ? null : num(ti?.duration);
  const startedAt =
    facts.startedAt ??
    (facts.endedAt && seconds !== null ? new Date(facts.endedAt.getTime() - seconds * 1000) : null);
  return {
    dagId,
    taskId,
    tryNumber: num(ti?.try_number),
    mapIndex: num(ti?.map_index),
    state: facts.state,
    startedAt,
    endedAt: facts.endedAt,
    durationMs: durationMs(startedAt, facts.endedAt, seconds),
    queue: str(ti?.queue) ?? str(task?.queue),
    pool: str(ti?.pool) ?? str(task?.pool),
    errorMessage: facts.errorMessage,
    stackTrace: facts.stackTrace,
  };
}

/** Airflow task states (airflowState.tasksState) in the run model's words. */
export function taskStateOf(airflowState: string): TaskTryState {
  switch (airflowState.toLowerCase()) {
    case "success":
      return "SUCCESS";
    case "failed":
      return "FAILED";
    case "skipped":
      return "SKIPPED";
    case "upstream_failed":
      return "UPSTREAM_FAILED";
    case "removed":
      return "REMOVED";
    case "running":
    case "queued":
    case "scheduled":
    case "deferred":
    case "up_for_retry":
    case "up_for_reschedule":
    case "restarting":
      return "RUNNING";
    default:
      return "UNKNOWN";
  }
}

export interface DataQualityFact {
  source: string;
  datasetNamespace: string | null;
  datasetName: string | null;
  assertion: string;
  name: string | null;
  column: string | null;
  success: boolean;
  severity: string | null;
  expected: string | null;
  actual: string | null;
  eventTime: Date;
}

/**
 * The data-quality results a run reported: dataQualityAssertions (input and dataset facets,
 * a result reported in both counts once), legacy dataQuality assertions, Great Expectations'
 * greatExpectations_assertions, and the test run facet. A result repeated by a later event of
 * the run replaces the earlier one.
 */
export function dataQualityFacts(events: readonly LineageEventPayload[]): DataQualityFact[] {
  const results = new Map<string, DataQualityFact>();
  const add = (fact: DataQualityFact) => {
    const key =
      canonicalize([fact.datasetNamespace, fact.datasetName, fact.assertion, fact.name, fact.column]) ?? "";
    // dbt sends the same assertion as dataQualityAssertions in two places; one result.
    const existing = results.get(key);
    if (existing && existing.eventTime > fact.eventTime) return;
    results.set(key, fact);
  };
  for (const { event, time } of sortEvents(events)) {
    const eventTime = new Date(time);
    const datasets = [...(event.inputs ?? []), ...(event.outputs ?? [])] as Array<
      Json & { namespace?: string; name?: string }
    >;
    for (const dataset of datasets) {
      const maps = [obj(dataset.facets), obj(dataset.inputFacets), obj(dataset.outputFacets)];
      for (const facets of maps) {
        if (!facets) continue;
        for (const [source, key] of [
          ["dataQualityAssertions", "dataQualityAssertions"],
          ["dataQuality", "dataQuality"],
          ["greatExpectations", "greatExpectations_assertions"],
        ] as const) {
          const assertions = obj(facets[key])?.assertions;
          if (!Array.isArray(assertions)) continue;
          for (const raw of assertions) {
            const a = obj(raw);
            const assertion = str(a?.assertion) ?? str(a?.expectationType);
            if (!a || !assertion || typeof a.success !== "boolean") continue;
            add({
              source,
              datasetNamespace: dataset.namespace ?? null,
              datasetName: dataset.name ?? null,
              assertion,
              name: str(a.name),
              column: str(a.column),
              success: a.success,
              severity: str(a.severity),
              expected: text(a.expected),
              actual: text(a.actual),
              eventTime,
            });
          }
        }
      }
    }
    const tests = obj(obj(event.run?.facets)?.test)?.tests;
    if (Array.isArray(tests)) {
      for (const raw of tests) {
        const t = obj(raw);
        const name = str(t?.name);
        const status = str(t?.status);
        if (!t || !name || !status) continue;
        add({
          source: "test",
          datasetNamespace: null,
          datasetName: null,
          assertion: str(t.type) ?? name,
          name,
          column: null,
          success: status !== "fail",
          severity: str(t.severity),
          expected: text(t.expected),
          actual: text(t.actual),
          eventTime,
        });
      }
    }
  }
  return [...results.values()];
}

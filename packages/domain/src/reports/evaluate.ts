// Evaluating a report: a pure function of the report's checks, the telemetry facts read for
// each check and the clock. Each check gets PASSED, WARNING, FAILED, STALE or UNKNOWN with
// evidence; the report's status follows one precedence (docs/reports.md):
//   FAILED > STALE > UNKNOWN > WARNING > PASSED (no checks: UNKNOWN).
// Unlike rb_status_plugin, an old success does not pass forever: it is STALE past its window.
import { DateTime } from "luxon";
import type { DataQualityFact } from "../telemetry/run-facts.ts";
import type { CheckKind, CheckStatus } from "./reports.types.ts";

export const STATUS_PRECEDENCE: readonly CheckStatus[] = ["FAILED", "STALE", "UNKNOWN", "WARNING", "PASSED"];

/** A finished (or running) DAG run or task try, as the check needs it. */
export interface CheckRunFact {
  runId: string;
  state: string;
  startedAt: Date | null;
  endedAt: Date | null;
  errorMessage: string | null;
}

/** A data quality result as a report check reads it: the telemetry fact, tied to its run. */
export type AssertionFact = Pick<
  DataQualityFact,
  "assertion" | "column" | "success" | "severity" | "expected" | "actual" | "eventTime"
> & { runId: string };

export interface CheckFacts {
  /** TASK, DAG: the latest finished run. */
  latest: CheckRunFact | null;
  /** TASK, DAG: a run is in progress now. */
  running: boolean;
  /** TIMELINESS: runs that finished in the deadline's day (any state). */
  dayRuns: CheckRunFact[];
  /** ASSERTION: results within the window, newest first. */
  assertions: AssertionFact[];
  /** ASSERTION: when the newest result before the window was reported (there is older data). */
  olderResultAt: Date | null;
}

export const NO_FACTS: CheckFacts = {
  latest: null,
  running: false,
  dayRuns: [],
  assertions: [],
  olderResultAt: null,
};

export interface CheckToEvaluate {
  position: number;
  kind: CheckKind;
  label: string;
  dagId: string | null;
  taskId: string | null;
  datasetNamespace: string | null;
  datasetName: string | null;
  assertion: string | null;
  column: string | null;
  freshnessMinutes: number | null;
  deadline: string | null;
}

export interface CheckResult {
  position: number;
  kind: CheckKind;
  label: string;
  status: CheckStatus;
  summary: string;
  evidence: Record<string, unknown>;
}

export interface ReportEvaluation {
  status: CheckStatus;
  results: CheckResult[];
}

const SUCCESS_STATES = new Set(["SUCCESS", "SKIPPED"]);

/** A time as stakeholders read it: in the report's zone, to the minute. */
export function formatTime(at: Date, timeZone: string): string {
  return DateTime.fromJSDate(at, { zone: timeZone }).toFormat("yyyy-LL-dd HH:mm ZZZZ");
}

function minutesText(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} ${minutes === 1440 ? "day" : "days"}`;
  if (minutes % 60 === 0) return `${minutes / 60} ${minutes === 60 ? "hour" : "hours"}`;
  return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`;
}

function runEvidence(run: CheckRunFact) {
  return {
    runId: run.runId,
    state: run.state,
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    errorMessage: run.errorMessage,
  };
}

/** The report's status: the first status of STATUS_PRECEDENCE any check has. */
export function reportStatus(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.length === 0) return "UNKNOWN";
  return STATUS_PRECEDENCE.find((status) => statuses.includes(status)) ?? "UNKNOWN";
}

function freshnessCheck(check: CheckToEvaluate, facts: CheckFacts, now: Date, zone: string) {
  const what = check.kind === "TASK" ? "task" : "DAG";
  const windowMinutes = check.freshnessMinutes ?? 1440;
  const run = facts.latest;
  if (!run) {
    return {
      status: "UNKNOWN" as const,
      summary: facts.running
        ? `The ${what} is running for the first time; no finished run yet.`
        : `No run of this ${what} has been seen.`,
      evidence: { running: facts.running },
    };
  }
  const finished = run.endedAt ?? run.startedAt;
  const evidence = { ...runEvidence(run), freshnessMinutes: windowMinutes, running: facts.running };
  if (!SUCCESS_STATES.has(run.state)) {
    return {
      status: "FAILED" as const,
      summary: `The latest run ${run.state === "ABORTED" ? "was aborted" : "failed"}${
        finished ? ` at ${formatTime(finished, zone)}` : ""
      }.`,
      evidence,
    };
  }
  const ageMinutes = finished ? (now.getTime() - finished.getTime()) / 60_000 : Number.POSITIVE_INFINITY;
  if (ageMinutes > windowMinutes) {
    return {
      status: "STALE" as const,
      summary: `The latest success${finished ? ` at ${formatTime(finished, zone)}` : ""} is older than ${minutesText(windowMinutes)}.`,
      evidence,
    };
  }
  return {
    status: "PASSED" as const,
    summary: `Succeeded at ${formatTime(finished as Date, zone)}, within ${minutesText(windowMinutes)}.`,
    evidence,
  };
}

function assertionCheck(check: CheckToEvaluate, facts: CheckFacts, zone: string) {
  const windowMinutes = check.freshnessMinutes ?? 1440;
  const matching = facts.assertions.filter(
    (result) =>
      (check.assertion === null || result.assertion === check.assertion) &&
      (check.column === null || result.column === check.column),
  );
  if (matching.length === 0) {
    if (facts.olderResultAt) {
      return {
        status: "STALE" as const,
        summary: `No data-quality results in the last ${minutesText(windowMinutes)}; the latest came at ${formatTime(facts.olderResultAt, zone)}.`,
        evidence: { freshnessMinutes: windowMinutes, latestResultAt: facts.olderResultAt.toISOString() },
      };
    }
    return {
      status: "UNKNOWN" as const,
      summary: "No data-quality results have been reported for this dataset.",
      evidence: { freshnessMinutes: windowMinutes },
    };
  }
  // The newest result of each assertion (and column) within the window counts.
  const latest = new Map<string, AssertionFact>();
  for (const result of matching) {
    const key = `${result.assertion}\u0000${result.column ?? ""}`;
    if (!latest.has(key)) latest.set(key, result);
  }
  const results = [...latest.values()];
  const failing = results.filter((result) => !result.success);
  const errors = failing.filter((result) => (result.severity ?? "error").toLowerCase() !== "warn");
  const evidence = {
    freshnessMinutes: windowMinutes,
    assertions: results.length,
    failing: failing.map((result) => ({
      assertion: result.assertion,
      column: result.column,
      severity: (result.severity ?? "error").toLowerCase(),
      expected: result.expected,
      actual: result.actual,
      runId: result.runId,
      at: result.eventTime.toISOString(),
    })),
  };
  const describe = (list: AssertionFact[]) =>
    list
      .map(
        (result) =>
          `${result.assertion}${result.column ? ` on ${result.column}` : ""}${
            result.expected !== null || result.actual !== null
              ? ` (expected ${result.expected ?? "?"}, got ${result.actual ?? "?"})`
              : ""
          }`,
      )
      .join("; ");
  if (errors.length > 0) {
    return { status: "FAILED" as const, summary: `Failing assertions: ${describe(errors)}.`, evidence };
  }
  if (failing.length > 0) {
    return { status: "WARNING" as const, summary: `Warnings: ${describe(failing)}.`, evidence };
  }
  return {
    status: "PASSED" as const,
    summary: `All ${results.length} ${results.length === 1 ? "assertion" : "assertions"} passed within ${minutesText(windowMinutes)}.`,
    evidence,
  };
}

/** The deadline that applies at `now`: today's in the zone if passed, else yesterday's. */
export function deadlineWindow(deadline: string, timeZone: string, now: Date) {
  const [hour, minute] = deadline.split(":").map(Number) as [number, number];
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  let day = local.startOf("day");
  let at = day.set({ hour, minute, second: 0, millisecond: 0 });
  if (at.toMillis() > now.getTime()) {
    day = day.minus({ days: 1 });
    at = day.set({ hour, minute, second: 0, millisecond: 0 });
  }
  return { dayStart: day.toJSDate(), deadline: at.toJSDate(), dayEnd: day.plus({ days: 1 }).toJSDate() };
}

function timelinessCheck(check: CheckToEvaluate, facts: CheckFacts, now: Date, zone: string) {
  const window = deadlineWindow(check.deadline ?? "00:00", zone, now);
  const byDeadline = formatTime(window.deadline, zone);
  const successes = facts.dayRuns
    .filter((run) => SUCCESS_STATES.has(run.state) && run.endedAt)
    .sort((a, b) => (a.endedAt as Date).getTime() - (b.endedAt as Date).getTime());
  const evidence = { deadline: window.deadline.toISOString(), dayStart: window.dayStart.toISOString() };
  const onTime = successes.find((run) => (run.endedAt as Date).getTime() <= window.deadline.getTime());
  if (onTime) {
    return {
      status: "PASSED" as const,
      summary: `Landed at ${formatTime(onTime.endedAt as Date, zone)}, before ${byDeadline}.`,
      evidence: { ...evidence, ...runEvidence(onTime) },
    };
  }
  const late = successes[0];
  if (late) {
    return {
      status: "WARNING" as const,
      summary: `Landed late at ${formatTime(late.endedAt as Date, zone)}; due by ${byDeadline}.`,
      evidence: { ...evidence, ...runEvidence(late), late: true },
    };
  }
  const failed = facts.dayRuns.find((run) => !SUCCESS_STATES.has(run.state) && run.state !== "RUNNING");
  return {
    status: "FAILED" as const,
    summary: `Had not landed by ${byDeadline}${failed ? "; the run failed" : ""}.`,
    evidence: { ...evidence, ...(failed ? runEvidence(failed) : {}) },
  };
}

export function evaluateCheck(
  check: CheckToEvaluate,
  facts: CheckFacts,
  now: Date,
  timeZone: string,
): CheckResult {
  let outcome: { status: CheckStatus; summary: string; evidence: Record<string, unknown> };
  switch (check.kind) {
    case "TASK":
    case "DAG":
      outcome = freshnessCheck(check, facts, now, timeZone);
      break;
    case "ASSERTION":
      outcome = assertionCheck(check, facts, timeZone);
      break;
    case "TIMELINESS":
      outcome = timelinessCheck(check, facts, now, timeZone);
      break;
    default: {
      const exhaustive: never = check.kind;
      throw new Error(`unknown check kind ${String(exhaustive)}`);
    }
  }
  return { position: check.position, kind: check.kind, label: check.label, ...outcome };
}

/** Every check, then the report's status by precedence. Pure: same inputs, same answer. */
export function evaluateReport(
  report: { timeZone: string; checks: readonly CheckToEvaluate[] },
  factsOf: (check: CheckToEvaluate) => CheckFacts,
  now: Date,
): ReportEvaluation {
  const results = report.checks.map((check) => evaluateCheck(check, factsOf(check), now, report.timeZone));
  return { status: reportStatus(results.map((result) => result.status)), results };
}

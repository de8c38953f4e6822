// The alert engine's decision, as a pure function of what Skyport knows about one deployment
// (its derived runs and task tries, when it last heard from it, the incidents already open)
// and the time `now`. No clock, no database: the queue jobs load the facts, call this, and
// write what it decides; tests and the acceptance corpus call it with any `now`.
//
// Every incident has a key that names the occurrence it is about (one failed run, one missed
// deadline, one silence), so evaluating the same facts again opens nothing new.
import type {
  AlertPattern,
  AlertRuleTypeName,
  AlertSeverityName,
  AnyRuleProperties,
  DayOfWeek,
} from "./alerts.types.ts";
import { literalDagIds, matchesPatterns } from "./patterns.ts";
import { deadlinesBetween } from "./schedule.ts";

export interface RuleFacts {
  id: string;
  name: string;
  type: AlertRuleTypeName;
  severity: AlertSeverityName;
  patterns: readonly AlertPattern[];
  properties: AnyRuleProperties;
  /** Occurrences before the rule existed are not alerted. */
  createdAt: Date;
  mutedUntil: Date | null;
}

export interface RunFact {
  runId: string;
  dagId: string;
  state: string;
  startedAt: Date | null;
  endedAt: Date | null;
  lastEventTime: Date;
  errorMessage: string | null;
}

export interface TryFact {
  key: string;
  dagRunId: string;
  dagId: string;
  taskId: string;
  mapIndex: number | null;
  tryNumber: number | null;
  state: string;
  startedAt: Date | null;
  endedAt: Date | null;
  errorMessage: string | null;
}

export interface OpenIncidentFact {
  id: string;
  ruleId: string;
  key: string;
  dagId: string | null;
  taskId: string | null;
  runId: string | null;
  details: Record<string, unknown>;
  openedAt: Date;
}

export interface EvaluationFacts {
  now: Date;
  rules: readonly RuleFacts[];
  runs: readonly RunFact[];
  tries: readonly TryFact[];
  /** DAG ids the deployment has ever reported (timeliness watches them even while it is silent). */
  dagIds: readonly string[];
  /** When Skyport last received an event from the deployment (null: never). */
  lastActivityAt: Date | null;
  /** The raw-store sequence number of that event (kept on a silence incident). */
  lastActivitySeq?: string | null;
  /** For open silence incidents: when the first event after the silence arrived. */
  resumedAt?: ReadonlyMap<string, Date>;
  openIncidents: readonly OpenIncidentFact[];
}

export interface Resolve {
  at: Date;
  reason: string;
  /** false for notices (a DAG success): nothing to clear on the receiver's side. */
  notify: boolean;
}

export interface Opening {
  ruleId: string;
  key: string;
  dagId: string | null;
  taskId: string | null;
  runId: string | null;
  summary: string;
  details: Record<string, unknown>;
  openedAt: Date;
  muted: boolean;
  /** Already cleared when first seen (or a notice): resolve it at once. */
  resolve: Resolve | null;
}

export interface Resolution {
  incidentId: string;
  at: Date;
  reason: string;
}

export interface EvaluationResult {
  openings: Opening[];
  resolutions: Resolution[];
}

/** How far back deadlines are checked: a rule's weekly deadline plus its longest look-back. */
export const DEADLINE_HORIZON_MS = 8 * 24 * 60 * 60 * 1000;

const time = (date: Date | null | undefined) => (date ? date.getTime() : Number.NaN);
const ended = (run: RunFact) => run.endedAt ?? run.lastEventTime;
const FINAL_RUN_STATES = new Set(["SUCCESS", "FAILED", "ABORTED"]);

function seconds(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}

export function evaluateAlertRules(facts: EvaluationFacts): EvaluationResult {
  const openings: Opening[] = [];
  const resolutions: Resolution[] = [];
  for (const rule of facts.rules) {
    const muted = rule.mutedUntil !== null && rule.mutedUntil.getTime() > facts.now.getTime();
    const open = (opening: Omit<Opening, "ruleId" | "muted">) =>
      openings.push({ ...opening, ruleId: rule.id, muted });
    const incidents = facts.openIncidents.filter((incident) => incident.ruleId === rule.id);
    const resolve = (incident: OpenIncidentFact, at: Date, reason: string) =>
      resolutions.push({ incidentId: incident.id, at, reason });
    const evaluator = EVALUATORS[rule.type];
    evaluator({ rule, facts, incidents, open, resolve });
  }
  return { openings, resolutions };
}

interface RuleContext {
  rule: RuleFacts;
  facts: EvaluationFacts;
  incidents: readonly OpenIncidentFact[];
  open: (opening: Omit<Opening, "ruleId" | "muted">) => void;
  resolve: (incident: OpenIncidentFact, at: Date, reason: string) => void;
}

/** The first successful run of `dagId` that ended after `after`. */
function successAfter(runs: readonly RunFact[], dagId: string, after: number): RunFact | undefined {
  return runs
    .filter((run) => run.dagId === dagId && run.state === "SUCCESS" && time(run.endedAt) > after)
    .sort((a, b) => time(a.endedAt) - time(b.endedAt))[0];
}

function runDetails(run: RunFact): Record<string, unknown> {
  return {
    runId: run.runId,
    dagId: run.dagId,
    state: run.state,
    startedAt: run.startedAt?.toISOString() ?? null,
    endedAt: run.endedAt?.toISOString() ?? null,
    errorMessage: run.errorMessage,
  };
}

function dagFailure({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const since = rule.createdAt.getTime();
  for (const run of facts.runs) {
    if (run.state !== "FAILED" || !matchesPatterns(rule.patterns, run) || time(ended(run)) < since) continue;
    const success = successAfter(facts.runs, run.dagId, time(ended(run)));
    open({
      key: `run:${run.runId}`,
      dagId: run.dagId,
      taskId: null,
      runId: run.runId,
      summary: `DAG ${run.dagId} failed${run.errorMessage ? `: ${run.errorMessage}` : ""}`,
      details: runDetails(run),
      openedAt: ended(run),
      resolve: success?.endedAt
        ? { at: success.endedAt, reason: `a later run of ${run.dagId} succeeded`, notify: true }
        : null,
    });
  }
  for (const incident of incidents) {
    if (!incident.dagId) continue;
    const success = successAfter(facts.runs, incident.dagId, incident.openedAt.getTime());
    if (success?.endedAt) resolve(incident, success.endedAt, `a later run of ${incident.dagId} succeeded`);
  }
}

function dagSuccess({ rule, facts, open }: RuleContext): void {
  const since = rule.createdAt.getTime();
  for (const run of facts.runs) {
    if (run.state !== "SUCCESS" || !matchesPatterns(rule.patterns, run) || time(ended(run)) < since) continue;
    open({
      key: `run:${run.runId}`,
      dagId: run.dagId,
      taskId: null,
      runId: run.runId,
      summary: `DAG ${run.dagId} succeeded`,
      details: runDetails(run),
      openedAt: ended(run),
      resolve: { at: ended(run), reason: "a success is a notice", notify: false },
    });
  }
}

function laterTry(a: TryFact, b: TryFact): boolean {
  if (a.tryNumber !== null && b.tryNumber !== null) return b.tryNumber > a.tryNumber;
  return time(b.startedAt) > time(a.startedAt);
}

function taskFailure({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const since = rule.createdAt.getTime();
  const exhaustedOnly = rule.properties.taskFailureMode === "RETRIES_EXHAUSTED";
  const runsById = new Map(facts.runs.map((run) => [run.runId, run]));
  const sameInstance = (a: TryFact, b: TryFact) =>
    a.dagRunId === b.dagRunId && a.taskId === b.taskId && a.mapIndex === b.mapIndex;
  const successAfterTry = (dagId: string, taskId: string, after: number) =>
    facts.tries
      .filter(
        (t) => t.dagId === dagId && t.taskId === taskId && t.state === "SUCCESS" && time(t.endedAt) > after,
      )
      .sort((a, b) => time(a.endedAt) - time(b.endedAt))[0];
  for (const failed of facts.tries) {
    if (failed.state !== "FAILED" || !matchesPatterns(rule.patterns, failed)) continue;
    const at = failed.endedAt ?? runsById.get(failed.dagRunId)?.endedAt ?? null;
    if (!at || at.getTime() < since) continue;
    if (exhaustedOnly) {
      // Retries are exhausted once no later try follows and the DAG run itself has ended.
      if (facts.tries.some((other) => sameInstance(failed, other) && laterTry(failed, other))) continue;
      const run = runsById.get(failed.dagRunId);
      if (!run || !FINAL_RUN_STATES.has(run.state)) continue;
    }
    const success = successAfterTry(failed.dagId, failed.taskId, at.getTime());
    const instance = `${failed.dagRunId}/${failed.taskId}${failed.mapIndex === null ? "" : `[${failed.mapIndex}]`}`;
    open({
      key: exhaustedOnly ? `task:${instance}` : `try:${failed.key}`,
      dagId: failed.dagId,
      taskId: failed.taskId,
      runId: failed.dagRunId,
      summary:
        `Task ${failed.dagId}.${failed.taskId} failed` +
        (failed.tryNumber === null ? "" : ` (try ${failed.tryNumber})`) +
        (exhaustedOnly ? ", no retries left" : "") +
        (failed.errorMessage ? `: ${failed.errorMessage}` : ""),
      details: {
        dagId: failed.dagId,
        taskId: failed.taskId,
        runId: failed.dagRunId,
        tryNumber: failed.tryNumber,
        mapIndex: failed.mapIndex,
        endedAt: at.toISOString(),
        errorMessage: failed.errorMessage,
      },
      openedAt: at,
      resolve: success?.endedAt
        ? { at: success.endedAt, reason: `task ${failed.taskId} succeeded later`, notify: true }
        : null,
    });
  }
  for (const incident of incidents) {
    if (!incident.dagId || !incident.taskId) continue;
    const success = successAfterTry(incident.dagId, incident.taskId, incident.openedAt.getTime());
    if (success?.endedAt) resolve(incident, success.endedAt, `task ${incident.taskId} succeeded later`);
  }
}

function dagDuration({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const limitMs = (rule.properties.durationSeconds ?? 0) * 1000;
  const since = rule.createdAt.getTime();
  const now = facts.now.getTime();
  for (const run of facts.runs) {
    if (!run.startedAt || !matchesPatterns(rule.patterns, run)) continue;
    const crossedAt = run.startedAt.getTime() + limitMs;
    if (crossedAt < since) continue;
    const running = run.state === "RUNNING";
    if (running ? crossedAt > now : !run.endedAt || run.endedAt.getTime() <= crossedAt) continue;
    open({
      key: `run:${run.runId}`,
      dagId: run.dagId,
      taskId: null,
      runId: run.runId,
      summary: `DAG ${run.dagId} has been running for more than ${seconds(limitMs)}`,
      details: { ...runDetails(run), thresholdSeconds: limitMs / 1000 },
      openedAt: new Date(crossedAt),
      resolve:
        !running && run.endedAt
          ? {
              at: run.endedAt,
              reason: `the run ended after ${seconds(time(run.endedAt) - time(run.startedAt))}`,
              notify: true,
            }
          : null,
    });
  }
  const byId = new Map(facts.runs.map((run) => [run.runId, run]));
  for (const incident of incidents) {
    const run = incident.runId ? byId.get(incident.runId) : undefined;
    if (run && run.state !== "RUNNING" && run.endedAt && run.startedAt) {
      resolve(
        incident,
        run.endedAt,
        `the run ended after ${seconds(time(run.endedAt) - time(run.startedAt))}`,
      );
    }
  }
}

function dagTimeliness({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const { deadline, timeZone, daysOfWeek, lookBackSeconds } = rule.properties;
  if (!deadline || !timeZone || !daysOfWeek || !lookBackSeconds) return;
  const lookBackMs = lookBackSeconds * 1000;
  const from = new Date(Math.max(rule.createdAt.getTime(), facts.now.getTime() - DEADLINE_HORIZON_MS));
  const deadlines = deadlinesBetween(
    { deadline, timeZone, daysOfWeek: daysOfWeek as DayOfWeek[] },
    from,
    facts.now,
  );
  const dags = [...new Set([...facts.dagIds, ...literalDagIds(rule.patterns)])]
    .filter((dagId) => matchesPatterns(rule.patterns, { dagId }))
    .sort();
  const landed = (dagId: string, windowStart: number) => successAfter(facts.runs, dagId, windowStart);
  for (const at of deadlines) {
    const windowStart = at.getTime() - lookBackMs;
    for (const dagId of dags) {
      const first = landed(dagId, windowStart);
      if (first?.endedAt && first.endedAt.getTime() <= at.getTime()) continue;
      open({
        key: `deadline:${dagId}:${at.toISOString()}`,
        dagId,
        taskId: null,
        runId: null,
        summary: `DAG ${dagId} had no successful run between ${new Date(windowStart).toISOString()} and its deadline ${deadline} ${timeZone}`,
        details: {
          dagId,
          deadline: at.toISOString(),
          windowStart: new Date(windowStart).toISOString(),
          timeZone,
        },
        openedAt: at,
        resolve: first?.endedAt
          ? {
              at: first.endedAt,
              reason: `a successful run landed late (${first.endedAt.toISOString()})`,
              notify: true,
            }
          : null,
      });
    }
  }
  for (const incident of incidents) {
    const windowStart = Date.parse(String(incident.details.windowStart));
    const first = incident.dagId ? landed(incident.dagId, windowStart) : undefined;
    if (first?.endedAt) {
      resolve(incident, first.endedAt, `a successful run landed late (${first.endedAt.toISOString()})`);
    }
  }
}

function telemetrySilence({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const last = facts.lastActivityAt;
  if (!last) return;
  const silenceMs = (rule.properties.silenceMinutes ?? 0) * 60_000;
  const silentAt = last.getTime() + silenceMs;
  if (silentAt <= facts.now.getTime() && silentAt >= rule.createdAt.getTime()) {
    open({
      key: `silence:${last.toISOString()}`,
      dagId: null,
      taskId: null,
      runId: null,
      summary: `No telemetry for ${seconds(silenceMs)}: the last event arrived at ${last.toISOString()}`,
      details: {
        lastActivityAt: last.toISOString(),
        lastActivitySeq: facts.lastActivitySeq ?? null,
        silenceMinutes: silenceMs / 60_000,
      },
      openedAt: new Date(silentAt),
      resolve: null,
    });
  }
  for (const incident of incidents) {
    if (Date.parse(String(incident.details.lastActivityAt)) < last.getTime()) {
      resolve(incident, facts.resumedAt?.get(incident.id) ?? last, "events arrive again");
    }
  }
}

const EVALUATORS: Record<AlertRuleTypeName, (context: RuleContext) => void> = {
  DAG_FAILURE: dagFailure,
  DAG_SUCCESS: dagSuccess,
  TASK_FAILURE: taskFailure,
  DAG_DURATION: dagDuration,
  DAG_TIMELINESS: dagTimeliness,
  TELEMETRY_SILENCE: telemetrySilence,
};

/** Rule types whose conditions depend on the clock, not only on new events. */
export const TIME_RULE_TYPES: readonly AlertRuleTypeName[] = [
  "DAG_DURATION",
  "DAG_TIMELINESS",
  "TELEMETRY_SILENCE",
];

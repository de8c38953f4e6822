// The alert engine's decision, as a pure function of what Skyport knows about one deployment
// (its derived runs and task tries, when it last heard from it, the incidents already open)
// and the time `now`. No clock, no database: the queue jobs load the facts, call this, and
// write what it decides; tests and the acceptance corpus call it with any `now`.
//
// Every incident has a key that names the occurrence it is about (one failed run, one missed
// deadline, one silence), so evaluating the same facts again opens nothing new.
import {
  type AlertPattern,
  type AlertRuleTypeName,
  type AlertSeverityName,
  ANOMALY_DEFAULTS,
  type AnyRuleProperties,
  type DayOfWeek,
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
  /** DAGs (taskId null) or tasks of the rule muted until a time. */
  mutes?: ReadonlyArray<{ dagId: string; taskId: string | null; until: Date }>;
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
  /** Successful runs before the recent ones, newest first per DAG: duration anomaly baselines. */
  history?: readonly RunFact[];
  /** The deployment's health as of `now` (deployment health rules). */
  health?: HealthFacts;
  openIncidents: readonly OpenIncidentFact[];
  /**
   * Set: the facts are those of these DAGs only (an evaluation scoped to what a derivation
   * changed); rules then judge no other DAG, not even one their patterns name literally.
   */
  dagScope?: ReadonlySet<string>;
}

export interface HealthFacts {
  /** The deployment's status now. */
  status: string;
  /** The start of the last minute with a scheduler heartbeat (null: never seen one). */
  lastHeartbeatAt: Date | null;
  /** For open heartbeat incidents: the first heartbeat after the gap. */
  heartbeatResumedAt?: ReadonlyMap<string, Date>;
  /** The last reported count of DAG files that failed to import (null: never reported). */
  importErrors: number | null;
  /** Worker queues at their maximum workers while the executor still has tasks queued. */
  saturatedQueues: ReadonlyArray<{ queue: string; workers: number; maxWorkers: number; queuedTasks: number }>;
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
  /** Occurrences it groups (a flapping DAG's failures); 1 when omitted. */
  occurrences?: number;
  lastOccurredAt?: Date;
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
    const now = facts.now.getTime();
    const ruleMuted = rule.mutedUntil !== null && rule.mutedUntil.getTime() > now;
    const mutes = (rule.mutes ?? []).filter((mute) => mute.until.getTime() > now);
    const muted = (opening: Pick<Opening, "dagId" | "taskId">) =>
      ruleMuted ||
      mutes.some(
        (mute) => mute.dagId === opening.dagId && (mute.taskId === null || mute.taskId === opening.taskId),
      );
    const open = (opening: Omit<Opening, "ruleId" | "muted">) =>
      openings.push({ ...opening, ruleId: rule.id, muted: muted(opening) });
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

/** Each run list's successful runs per DAG, oldest end first (built once per list, not per question). */
const successesByDag = new WeakMap<readonly RunFact[], Map<string, RunFact[]>>();

function successesOf(runs: readonly RunFact[], dagId: string): readonly RunFact[] {
  let index = successesByDag.get(runs);
  if (!index) {
    index = new Map();
    for (const run of runs) {
      if (run.state !== "SUCCESS" || !run.endedAt) continue;
      const list = index.get(run.dagId) ?? [];
      list.push(run);
      index.set(run.dagId, list);
    }
    for (const list of index.values()) list.sort((a, b) => time(a.endedAt) - time(b.endedAt));
    successesByDag.set(runs, index);
  }
  return index.get(dagId) ?? [];
}

/** The first successful run of `dagId` that ended after `after`. */
function successAfter(runs: readonly RunFact[], dagId: string, after: number): RunFact | undefined {
  return successesOf(runs, dagId).find((run) => time(run.endedAt) > after);
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

function dagFailure(context: RuleContext): void {
  if ((context.rule.properties.groupWindowSeconds ?? 0) > 0) {
    groupedDagFailures(context);
    return;
  }
  const { rule, facts, incidents, open, resolve } = context;
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

/**
 * Flapping grouping: a DAG's failed runs that each end within the window of the previous
 * failure form one group (successes in between or not) and one incident, keyed by the group's
 * first run and counting its failures. The group resolves once a run succeeded after its last
 * failure and the window since that failure passed with no new one: at the later of the two.
 */
function groupedDagFailures({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const windowMs = (rule.properties.groupWindowSeconds ?? 0) * 1000;
  const since = rule.createdAt.getTime();
  const now = facts.now.getTime();
  const failures = facts.runs
    .filter(
      (run) => run.state === "FAILED" && matchesPatterns(rule.patterns, run) && time(ended(run)) >= since,
    )
    .sort((a, b) => time(ended(a)) - time(ended(b)));
  const groups = new Map<string, RunFact[][]>();
  for (const run of failures) {
    const dagGroups = groups.get(run.dagId) ?? [];
    const last = dagGroups.at(-1);
    const previous = last?.at(-1);
    if (last && previous && time(ended(run)) - time(ended(previous)) <= windowMs) last.push(run);
    else dagGroups.push([run]);
    groups.set(run.dagId, dagGroups);
  }
  const resolutionOf = (dagId: string, lastFailure: RunFact): Resolve | null => {
    const success = successAfter(facts.runs, dagId, time(ended(lastFailure)));
    if (!success?.endedAt) return null;
    const at = Math.max(success.endedAt.getTime(), time(ended(lastFailure)) + windowMs);
    if (at > now) return null;
    return {
      at: new Date(at),
      reason: `${dagId} succeeded and did not fail again within the window`,
      notify: true,
    };
  };
  const byKey = new Map<string, Resolve | null>();
  for (const [dagId, dagGroups] of groups) {
    for (const group of dagGroups) {
      const first = group[0] as RunFact;
      const last = group.at(-1) as RunFact;
      const key = `run:${first.runId}`;
      const resolution = resolutionOf(dagId, last);
      byKey.set(key, resolution);
      open({
        key,
        dagId,
        taskId: null,
        runId: first.runId,
        summary:
          `DAG ${dagId} failed` +
          (group.length > 1 ? ` ${group.length} times (last: ${ended(last).toISOString()})` : "") +
          (last.errorMessage ? `: ${last.errorMessage}` : ""),
        details: {
          ...runDetails(first),
          failedRunIds: group.map((run) => run.runId),
          lastRun: runDetails(last),
        },
        openedAt: ended(first),
        occurrences: group.length,
        lastOccurredAt: ended(last),
        resolve: resolution,
      });
    }
  }
  for (const incident of incidents) {
    const resolution = byKey.get(incident.key);
    if (resolution) resolve(incident, resolution.at, resolution.reason);
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

/**
 * When a run or try passed `limitMs` after it started, if it did and that is to be alerted:
 * by `now` while it is still running, or before it ended; null otherwise (or before `since`).
 */
function crossedThreshold(
  item: { state: string; startedAt: Date | null; endedAt: Date | null },
  limitMs: number,
  since: number,
  now: number,
): number | null {
  if (!item.startedAt) return null;
  const crossedAt = item.startedAt.getTime() + limitMs;
  if (crossedAt < since) return null;
  if (item.state === "RUNNING") return crossedAt <= now ? crossedAt : null;
  return item.endedAt && item.endedAt.getTime() > crossedAt ? crossedAt : null;
}

/** Resolves duration incidents whose run has ended. */
function resolveEndedRuns({ facts, incidents, resolve }: RuleContext): void {
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

function dagDuration(context: RuleContext): void {
  const { rule, facts, open } = context;
  const limitMs = (rule.properties.durationSeconds ?? 0) * 1000;
  const since = rule.createdAt.getTime();
  const now = facts.now.getTime();
  for (const run of facts.runs) {
    if (!matchesPatterns(rule.patterns, run)) continue;
    const crossedAt = crossedThreshold(run, limitMs, since, now);
    if (crossedAt === null) continue;
    const running = run.state === "RUNNING";
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
  resolveEndedRuns(context);
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
    .filter((dagId) => !facts.dagScope || facts.dagScope.has(dagId))
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

function taskDuration({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const limitMs = (rule.properties.durationSeconds ?? 0) * 1000;
  const since = rule.createdAt.getTime();
  const now = facts.now.getTime();
  const lasted = (t: TryFact) => seconds(time(t.endedAt) - time(t.startedAt));
  for (const attempt of facts.tries) {
    if (!attempt.startedAt || !matchesPatterns(rule.patterns, attempt)) continue;
    const crossedAt = crossedThreshold(attempt, limitMs, since, now);
    if (crossedAt === null) continue;
    const running = attempt.state === "RUNNING";
    open({
      key: `try:${attempt.key}`,
      dagId: attempt.dagId,
      taskId: attempt.taskId,
      runId: attempt.dagRunId,
      summary:
        `Task ${attempt.dagId}.${attempt.taskId}` +
        (attempt.tryNumber === null ? "" : ` (try ${attempt.tryNumber})`) +
        ` has been running for more than ${seconds(limitMs)}`,
      details: {
        dagId: attempt.dagId,
        taskId: attempt.taskId,
        runId: attempt.dagRunId,
        tryKey: attempt.key,
        tryNumber: attempt.tryNumber,
        mapIndex: attempt.mapIndex,
        startedAt: attempt.startedAt.toISOString(),
        thresholdSeconds: limitMs / 1000,
      },
      openedAt: new Date(crossedAt),
      resolve:
        !running && attempt.endedAt
          ? { at: attempt.endedAt, reason: `the try ended after ${lasted(attempt)}`, notify: true }
          : null,
    });
  }
  const byKey = new Map(facts.tries.map((t) => [t.key, t]));
  for (const incident of incidents) {
    const attempt = byKey.get(String(incident.details.tryKey));
    if (attempt && attempt.state !== "RUNNING" && attempt.endedAt && attempt.startedAt) {
      resolve(incident, attempt.endedAt, `the try ended after ${lasted(attempt)}`);
    }
  }
}

export interface DurationBaseline {
  medianSeconds: number;
  madSeconds: number;
  thresholdSeconds: number;
  historySize: number;
}

function median(sorted: readonly number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * A DAG's usual duration from its own history: the median of the last `historySize`
 * successful runs that ended before `before`, and the threshold median + max(k·MAD,
 * minExcess). Null while fewer than `minHistory` runs exist.
 */
export function durationBaseline(
  runs: readonly RunFact[],
  dagId: string,
  before: number,
  settings: { historySize: number; deviations: number; minHistory: number; minExcessSeconds: number },
): DurationBaseline | null {
  const durations = runs
    .filter(
      (run) =>
        run.dagId === dagId &&
        run.state === "SUCCESS" &&
        run.startedAt !== null &&
        run.endedAt !== null &&
        run.endedAt.getTime() <= before,
    )
    .sort((a, b) => time(b.endedAt) - time(a.endedAt))
    .slice(0, settings.historySize)
    .map((run) => (time(run.endedAt) - time(run.startedAt)) / 1000);
  if (durations.length < settings.minHistory) return null;
  const medianSeconds = median([...durations].sort((a, b) => a - b));
  const madSeconds = median(durations.map((d) => Math.abs(d - medianSeconds)).sort((a, b) => a - b));
  const excess = Math.max(settings.deviations * madSeconds, settings.minExcessSeconds);
  return {
    medianSeconds,
    madSeconds,
    thresholdSeconds: medianSeconds + excess,
    historySize: durations.length,
  };
}

function durationAnomaly(context: RuleContext): void {
  const { rule, facts, open } = context;
  const settings = {
    historySize: rule.properties.historySize ?? ANOMALY_DEFAULTS.historySize,
    deviations: rule.properties.deviations ?? ANOMALY_DEFAULTS.deviations,
    minHistory: rule.properties.minHistory ?? ANOMALY_DEFAULTS.minHistory,
    minExcessSeconds: rule.properties.minExcessSeconds ?? ANOMALY_DEFAULTS.minExcessSeconds,
  };
  const since = rule.createdAt.getTime();
  const now = facts.now.getTime();
  const seen = new Set(facts.runs.map((run) => run.runId));
  const all = [...facts.runs, ...(facts.history ?? []).filter((run) => !seen.has(run.runId))];
  const lasted = (run: RunFact) => seconds(time(run.endedAt) - time(run.startedAt));
  for (const run of facts.runs) {
    if (!run.startedAt || !matchesPatterns(rule.patterns, run)) continue;
    const baseline = durationBaseline(all, run.dagId, run.startedAt.getTime(), settings);
    if (!baseline) continue;
    const crossedAt = crossedThreshold(run, Math.ceil(baseline.thresholdSeconds * 1000), since, now);
    if (crossedAt === null) continue;
    const running = run.state === "RUNNING";
    const rounded = (n: number) => Math.round(n * 10) / 10;
    open({
      key: `run:${run.runId}`,
      dagId: run.dagId,
      taskId: null,
      runId: run.runId,
      summary:
        `DAG ${run.dagId} has been running for more than ${seconds(baseline.thresholdSeconds * 1000)}, ` +
        `longer than its usual ${seconds(baseline.medianSeconds * 1000)} ` +
        `(median + ${settings.deviations}·MAD of its last ${baseline.historySize} successful runs; ` +
        `MAD ${seconds(baseline.madSeconds * 1000)})`,
      details: {
        ...runDetails(run),
        baseline: {
          medianSeconds: rounded(baseline.medianSeconds),
          madSeconds: rounded(baseline.madSeconds),
          thresholdSeconds: rounded(baseline.thresholdSeconds),
          historySize: baseline.historySize,
          deviations: settings.deviations,
        },
      },
      openedAt: new Date(crossedAt),
      resolve:
        !running && run.endedAt
          ? { at: run.endedAt, reason: `the run ended after ${lasted(run)}`, notify: true }
          : null,
    });
  }
  resolveEndedRuns(context);
}

/**
 * Deployment health. The heartbeat condition is keyed by the last heartbeat (like silence);
 * the others are episodes: one incident opens when the condition is first seen and stays
 * open, without a second one, until an evaluation sees it cleared.
 */
function deploymentHealth({ rule, facts, incidents, open, resolve }: RuleContext): void {
  const health = facts.health;
  const condition = rule.properties.condition;
  if (!health || !condition) return;
  const now = facts.now;
  const episode = (subject: string, holds: boolean, summary: string, details: Record<string, unknown>) => {
    const current = incidents.filter((incident) => incident.details.subject === subject);
    if (holds && current.length === 0 && now.getTime() >= rule.createdAt.getTime()) {
      open({
        key: `${subject}@${now.toISOString()}`,
        dagId: null,
        taskId: null,
        runId: null,
        summary,
        details: { condition, subject, ...details },
        openedAt: now,
        resolve: null,
      });
    }
    if (!holds) for (const incident of current) resolve(incident, now, "the condition cleared");
  };
  switch (condition) {
    case "SCHEDULER_HEARTBEAT_MISSING": {
      const last = health.lastHeartbeatAt;
      if (!last) return;
      const gapMs = (rule.properties.heartbeatMinutes ?? 5) * 60_000;
      const missingAt = last.getTime() + gapMs;
      if (missingAt <= now.getTime() && missingAt >= rule.createdAt.getTime()) {
        open({
          key: `heartbeat:${last.toISOString()}`,
          dagId: null,
          taskId: null,
          runId: null,
          summary: `No scheduler heartbeat for ${seconds(gapMs)}: the last one was at ${last.toISOString()}`,
          details: { condition, lastHeartbeatAt: last.toISOString(), heartbeatMinutes: gapMs / 60_000 },
          openedAt: new Date(missingAt),
          resolve: null,
        });
      }
      for (const incident of incidents) {
        if (Date.parse(String(incident.details.lastHeartbeatAt)) < last.getTime()) {
          resolve(
            incident,
            health.heartbeatResumedAt?.get(incident.id) ?? last,
            "the scheduler heartbeats again",
          );
        }
      }
      return;
    }
    case "DEPLOYMENT_UNHEALTHY":
      episode("unhealthy", health.status === "UNHEALTHY", "The deployment is UNHEALTHY", {});
      return;
    case "IMPORT_ERRORS": {
      const errors = health.importErrors ?? 0;
      episode("import-errors", errors > 0, `${errors} DAG file(s) failed to import`, {
        importErrors: errors,
      });
      return;
    }
    case "WORKER_QUEUE_SATURATED": {
      const saturated = new Map(health.saturatedQueues.map((q) => [q.queue, q]));
      const subjects = new Set([
        ...[...saturated.keys()].map((queue) => `queue:${queue}`),
        ...incidents.map((incident) => String(incident.details.subject)),
      ]);
      for (const subject of subjects) {
        const queue = saturated.get(subject.slice("queue:".length));
        episode(
          subject,
          queue !== undefined,
          queue
            ? `Worker queue ${queue.queue} is at its maximum of ${queue.maxWorkers} workers with ${queue.queuedTasks} task(s) still queued`
            : "",
          queue ? { ...queue } : {},
        );
      }
      return;
    }
    default: {
      const exhaustive: never = condition;
      throw new Error(`unknown health condition ${String(exhaustive)}`);
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
  TASK_DURATION: taskDuration,
  DURATION_ANOMALY: durationAnomaly,
  DEPLOYMENT_HEALTH: deploymentHealth,
};

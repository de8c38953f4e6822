// The alert engine's pure decision: patterns with * globs, deadlines in IANA time zones across
// DST changes, duration alerts that fire while the run is still going, task failures on every
// try or only when retries are exhausted, silence, muting, and idempotent keys.
import {
  deadlinesBetween,
  durationBaseline,
  type EvaluationFacts,
  evaluateAlertRules,
  matchesPatterns,
  type RuleFacts,
  type RunFact,
  type TryFact,
} from "@skyport/domain";
import { describe, expect, it } from "vitest";

const T0 = new Date("2026-03-01T00:00:00Z");
const at = (iso: string) => new Date(iso);

function rule(partial: Partial<RuleFacts> & Pick<RuleFacts, "type">): RuleFacts {
  return {
    id: `rule-${partial.type}`,
    name: partial.type,
    severity: "WARNING",
    patterns: [],
    properties: {},
    createdAt: T0,
    mutedUntil: null,
    ...partial,
  };
}

function run(partial: Partial<RunFact> & Pick<RunFact, "runId" | "dagId" | "state">): RunFact {
  return {
    startedAt: null,
    endedAt: null,
    lastEventTime: partial.endedAt ?? partial.startedAt ?? T0,
    errorMessage: null,
    ...partial,
  };
}

function facts(partial: Partial<EvaluationFacts>): EvaluationFacts {
  return {
    now: T0,
    rules: [],
    runs: [],
    tries: [],
    dagIds: [],
    lastActivityAt: null,
    openIncidents: [],
    ...partial,
  };
}

describe("patterns", () => {
  it("selects with IS, IS_NOT, INCLUDES and EXCLUDES and * globs, all patterns holding", () => {
    const patterns = [
      { entity: "DAG_ID" as const, operator: "IS" as const, values: ["etl_*", "report"] },
      { entity: "DAG_ID" as const, operator: "EXCLUDES" as const, values: ["test"] },
      { entity: "TASK_ID" as const, operator: "IS_NOT" as const, values: ["cleanup*"] },
    ];
    expect(matchesPatterns(patterns, { dagId: "etl_orders" })).toBe(true);
    expect(matchesPatterns(patterns, { dagId: "etl.nested/orders" })).toBe(false);
    expect(matchesPatterns(patterns, { dagId: "etl_test_orders" })).toBe(false);
    expect(matchesPatterns(patterns, { dagId: "report" })).toBe(true);
    expect(matchesPatterns(patterns, { dagId: "reports" })).toBe(false);
    expect(matchesPatterns(patterns, { dagId: "etl_orders", taskId: "cleanup_tmp" })).toBe(false);
    expect(matchesPatterns(patterns, { dagId: "etl_orders", taskId: "load" })).toBe(true);
    expect(
      matchesPatterns([{ entity: "DAG_ID", operator: "INCLUDES", values: ["ord"] }], { dagId: "x_orders" }),
    ).toBe(true);
    // Only * is special: other glob characters are literal.
    expect(matchesPatterns([{ entity: "DAG_ID", operator: "IS", values: ["a?c"] }], { dagId: "abc" })).toBe(
      false,
    );
    expect(matchesPatterns([{ entity: "DAG_ID", operator: "IS", values: ["a?c"] }], { dagId: "a?c" })).toBe(
      true,
    );
  });
});

describe("deadlines across DST", () => {
  it("puts 09:00 Europe/Berlin at 08:00 UTC before and 07:00 UTC after the spring change", () => {
    const deadlines = deadlinesBetween(
      { deadline: "09:00", timeZone: "Europe/Berlin", daysOfWeek: ["SATURDAY", "SUNDAY", "MONDAY"] },
      at("2026-03-27T00:00:00Z"),
      at("2026-03-31T00:00:00Z"),
    );
    expect(deadlines.map((d) => d.toISOString())).toEqual([
      "2026-03-28T08:00:00.000Z",
      "2026-03-29T07:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
  });

  it("moves a deadline in the spring-forward gap forward and keeps one deadline on the fall-back day", () => {
    const spring = deadlinesBetween(
      { deadline: "02:30", timeZone: "America/New_York", daysOfWeek: ["SUNDAY"] },
      at("2026-03-07T00:00:00Z"),
      at("2026-03-09T00:00:00Z"),
    );
    // 02:30 does not exist on 2026-03-08 in New York: 03:30 EDT = 07:30 UTC.
    expect(spring.map((d) => d.toISOString())).toEqual(["2026-03-08T07:30:00.000Z"]);
    const fall = deadlinesBetween(
      { deadline: "01:30", timeZone: "America/New_York", daysOfWeek: ["SUNDAY"] },
      at("2026-10-31T00:00:00Z"),
      at("2026-11-02T00:00:00Z"),
    );
    expect(fall).toHaveLength(1);
  });
});

describe("evaluateAlertRules", () => {
  it("opens one incident per failed run and resolves it at the next success", () => {
    const failure = rule({ type: "DAG_FAILURE" });
    const runs = [
      run({ runId: "r1", dagId: "etl", state: "FAILED", endedAt: at("2026-03-02T01:00:00Z") }),
      run({ runId: "r2", dagId: "etl", state: "SUCCESS", endedAt: at("2026-03-03T01:00:00Z") }),
      run({ runId: "r3", dagId: "etl", state: "FAILED", endedAt: at("2026-03-04T01:00:00Z") }),
      // Before the rule existed: not alerted.
      run({ runId: "r0", dagId: "etl", state: "FAILED", endedAt: at("2026-02-20T01:00:00Z") }),
    ];
    const { openings } = evaluateAlertRules(
      facts({ now: at("2026-03-05T00:00:00Z"), rules: [failure], runs }),
    );
    expect(openings.map((o) => [o.key, o.resolve?.reason ?? null])).toEqual([
      ["run:r1", "a later run of etl succeeded"],
      ["run:r3", null],
    ]);
    const later = evaluateAlertRules(
      facts({
        now: at("2026-03-06T00:00:00Z"),
        rules: [failure],
        runs: [
          ...runs,
          run({ runId: "r4", dagId: "etl", state: "SUCCESS", endedAt: at("2026-03-05T01:00:00Z") }),
        ],
        openIncidents: [
          {
            id: "i3",
            ruleId: failure.id,
            key: "run:r3",
            dagId: "etl",
            taskId: null,
            runId: "r3",
            details: {},
            openedAt: at("2026-03-04T01:00:00Z"),
          },
        ],
      }),
    );
    expect(later.resolutions).toEqual([
      { incidentId: "i3", at: at("2026-03-05T01:00:00Z"), reason: "a later run of etl succeeded" },
    ]);
  });

  it("fires a duration alert while the run is still going, at the moment it crossed the threshold", () => {
    const duration = rule({ type: "DAG_DURATION", properties: { durationSeconds: 3600 } });
    const running = run({
      runId: "long",
      dagId: "etl",
      state: "RUNNING",
      startedAt: at("2026-03-02T00:00:00Z"),
    });
    const before = evaluateAlertRules(
      facts({ now: at("2026-03-02T00:59:59Z"), rules: [duration], runs: [running] }),
    );
    expect(before.openings).toEqual([]);
    const after = evaluateAlertRules(
      facts({ now: at("2026-03-02T01:00:30Z"), rules: [duration], runs: [running] }),
    );
    expect(after.openings).toHaveLength(1);
    expect(after.openings[0]?.openedAt).toEqual(at("2026-03-02T01:00:00Z"));
    expect(after.openings[0]?.resolve).toBeNull();
  });

  it("on RETRIES_EXHAUSTED ignores a failed try a retry followed, and fires for the last one once the run ended", () => {
    const exhausted = rule({ type: "TASK_FAILURE", properties: { taskFailureMode: "RETRIES_EXHAUSTED" } });
    const everyTry = rule({
      id: "every",
      type: "TASK_FAILURE",
      properties: { taskFailureMode: "EVERY_TRY" },
    });
    const tryOf = (n: number, state: string, end: string): TryFact => ({
      key: `t${n}`,
      dagRunId: "r1",
      dagId: "etl",
      taskId: "load",
      mapIndex: null,
      tryNumber: n,
      state,
      startedAt: at(end),
      endedAt: at(end),
      errorMessage: null,
    });
    const tries = [tryOf(1, "FAILED", "2026-03-02T00:10:00Z"), tryOf(2, "FAILED", "2026-03-02T00:20:00Z")];
    const stillRunning = [
      run({ runId: "r1", dagId: "etl", state: "RUNNING", startedAt: at("2026-03-02T00:00:00Z") }),
    ];
    const mid = evaluateAlertRules(
      facts({ now: at("2026-03-02T00:30:00Z"), rules: [exhausted, everyTry], runs: stillRunning, tries }),
    );
    expect(mid.openings.map((o) => `${o.ruleId}:${o.key}`)).toEqual(["every:try:t1", "every:try:t2"]);
    const done = [run({ runId: "r1", dagId: "etl", state: "FAILED", endedAt: at("2026-03-02T00:21:00Z") })];
    const end = evaluateAlertRules(
      facts({ now: at("2026-03-02T00:30:00Z"), rules: [exhausted], runs: done, tries }),
    );
    expect(end.openings.map((o) => o.key)).toEqual(["task:r1/load"]);
  });

  it("opens a timeliness incident per missed deadline and resolves it when the late run lands", () => {
    const timeliness = rule({
      type: "DAG_TIMELINESS",
      properties: {
        deadline: "06:00",
        timeZone: "UTC",
        daysOfWeek: ["MONDAY", "TUESDAY"],
        lookBackSeconds: 3600,
      },
      patterns: [{ entity: "DAG_ID", operator: "IS", values: ["daily"] }],
    });
    const runs = [
      run({ runId: "mon", dagId: "daily", state: "SUCCESS", endedAt: at("2026-03-02T05:30:00Z") }),
      run({ runId: "tue", dagId: "daily", state: "SUCCESS", endedAt: at("2026-03-03T06:45:00Z") }),
    ];
    const result = evaluateAlertRules(facts({ now: at("2026-03-03T07:00:00Z"), rules: [timeliness], runs }));
    expect(result.openings.map((o) => [o.key, o.resolve?.at.toISOString()])).toEqual([
      ["deadline:daily:2026-03-03T06:00:00.000Z", "2026-03-03T06:45:00.000Z"],
    ]);
  });

  it("watches a silent deployment, and a muted rule opens without notifying", () => {
    const silence = rule({
      type: "TELEMETRY_SILENCE",
      properties: { silenceMinutes: 30 },
      mutedUntil: at("2026-03-02T02:00:00Z"),
    });
    const last = at("2026-03-02T00:00:00Z");
    expect(
      evaluateAlertRules(facts({ now: at("2026-03-02T00:29:00Z"), rules: [silence], lastActivityAt: last }))
        .openings,
    ).toEqual([]);
    const [opening] = evaluateAlertRules(
      facts({ now: at("2026-03-02T00:31:00Z"), rules: [silence], lastActivityAt: last }),
    ).openings;
    expect(opening?.key).toBe("silence:2026-03-02T00:00:00.000Z");
    expect(opening?.muted).toBe(true);
    expect(opening?.openedAt).toEqual(at("2026-03-02T00:30:00Z"));
  });
});

describe("duration anomaly baseline", () => {
  const settings = { historySize: 5, deviations: 3, minHistory: 3, minExcessSeconds: 0 };
  const history = (minutes: number[]) =>
    minutes.map((m, i) =>
      run({
        runId: `h${i}`,
        dagId: "etl",
        state: "SUCCESS",
        startedAt: at(`2026-03-0${i + 1}T00:00:00Z`),
        endedAt: new Date(at(`2026-03-0${i + 1}T00:00:00Z`).getTime() + m * 60_000),
      }),
    );

  it("is the median plus k·MAD of the last N successful runs; one earlier long run does not move it", () => {
    // Oldest first: 100 min (outside the last 5), then 10, 12, 11, 90 (an outlier), 10.
    const baseline = durationBaseline(
      history([100, 10, 12, 11, 90, 10]),
      "etl",
      at("2026-03-09T00:00:00Z").getTime(),
      settings,
    );
    // Last five: 10, 12, 11, 90, 10 → median 11 min, deviations 1, 1, 0, 79, 1 → MAD 1 min.
    expect(baseline).toEqual({
      medianSeconds: 660,
      madSeconds: 60,
      thresholdSeconds: 660 + 180,
      historySize: 5,
    });
  });

  it("judges nothing below the minimum history", () => {
    expect(
      durationBaseline(history([10, 12]), "etl", at("2026-03-09T00:00:00Z").getTime(), settings),
    ).toBeNull();
  });

  it("fires while the run is still going once it passes the baseline, with the baseline in the details", () => {
    const anomaly = rule({ type: "DURATION_ANOMALY", properties: { ...settings } });
    const current = run({
      runId: "now",
      dagId: "etl",
      state: "RUNNING",
      startedAt: at("2026-03-09T00:00:00Z"),
    });
    const runs = [...history([10, 12, 11, 90, 10]), current];
    const early = evaluateAlertRules(facts({ now: at("2026-03-09T00:13:59Z"), rules: [anomaly], runs }));
    // The 90-minute run of the history was itself an anomaly against the three before it.
    expect(early.openings.map((o) => o.key)).toEqual(["run:h3"]);
    const late = evaluateAlertRules(facts({ now: at("2026-03-09T00:14:30Z"), rules: [anomaly], runs }));
    expect(late.openings.map((o) => [o.key, o.openedAt.toISOString()])).toEqual([
      ["run:h3", "2026-03-04T00:14:00.000Z"],
      ["run:now", "2026-03-09T00:14:00.000Z"],
    ]);
    expect(late.openings[1]?.details.baseline).toEqual({
      medianSeconds: 660,
      madSeconds: 60,
      thresholdSeconds: 840,
      historySize: 5,
      deviations: 3,
    });
  });
});

describe("task duration and deployment health", () => {
  it("fires a task duration alert while the try is running and resolves it when the try ends", () => {
    const taskDuration = rule({ type: "TASK_DURATION", properties: { durationSeconds: 600 } });
    const attempt = (state: string, endedAt: Date | null): TryFact => ({
      key: "t1",
      dagRunId: "r1",
      dagId: "etl",
      taskId: "load",
      mapIndex: null,
      tryNumber: 1,
      state,
      startedAt: at("2026-03-02T00:00:00Z"),
      endedAt,
      errorMessage: null,
    });
    const running = evaluateAlertRules(
      facts({ now: at("2026-03-02T00:11:00Z"), rules: [taskDuration], tries: [attempt("RUNNING", null)] }),
    );
    expect(running.openings.map((o) => [o.key, o.openedAt.toISOString(), o.resolve])).toEqual([
      ["try:t1", "2026-03-02T00:10:00.000Z", null],
    ]);
    const incident = {
      id: "i1",
      ruleId: taskDuration.id,
      key: "try:t1",
      dagId: "etl",
      taskId: "load",
      runId: "r1",
      details: { tryKey: "t1" },
      openedAt: at("2026-03-02T00:10:00Z"),
    };
    const ended = evaluateAlertRules(
      facts({
        now: at("2026-03-02T00:30:00Z"),
        rules: [taskDuration],
        tries: [attempt("SUCCESS", at("2026-03-02T00:25:00Z"))],
        openIncidents: [incident],
      }),
    );
    expect(ended.resolutions).toEqual([
      { incidentId: "i1", at: at("2026-03-02T00:25:00Z"), reason: "the try ended after 25 min" },
    ]);
  });

  it("opens one UNHEALTHY episode however often it is evaluated, and resolves it when the status clears", () => {
    const unhealthy = rule({ type: "DEPLOYMENT_HEALTH", properties: { condition: "DEPLOYMENT_UNHEALTHY" } });
    const health = (status: string) => ({
      status,
      lastHeartbeatAt: null,
      importErrors: null,
      saturatedQueues: [],
    });
    const now = at("2026-03-02T00:00:00Z");
    const first = evaluateAlertRules(facts({ now, rules: [unhealthy], health: health("UNHEALTHY") }));
    expect(first.openings.map((o) => o.key)).toEqual(["unhealthy@2026-03-02T00:00:00.000Z"]);
    const open = {
      id: "i1",
      ruleId: unhealthy.id,
      key: "unhealthy@…",
      dagId: null,
      taskId: null,
      runId: null,
      details: { subject: "unhealthy" },
      openedAt: now,
    };
    const again = evaluateAlertRules(
      facts({
        now: at("2026-03-02T00:15:00Z"),
        rules: [unhealthy],
        health: health("UNHEALTHY"),
        openIncidents: [open],
      }),
    );
    expect(again).toEqual({ openings: [], resolutions: [] });
    const cleared = evaluateAlertRules(
      facts({
        now: at("2026-03-02T00:30:00Z"),
        rules: [unhealthy],
        health: health("HEALTHY"),
        openIncidents: [open],
      }),
    );
    expect(cleared.resolutions.map((r) => r.incidentId)).toEqual(["i1"]);
  });
});

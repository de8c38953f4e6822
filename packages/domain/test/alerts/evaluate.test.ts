// The alert engine's pure decision: patterns with * globs, deadlines in IANA time zones across
// DST changes, duration alerts that fire while the run is still going, task failures on every
// try or only when retries are exhausted, silence, muting, and idempotent keys.
import {
  deadlinesBetween,
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

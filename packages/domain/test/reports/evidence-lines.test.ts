// The one reading of a check's evidence (e-mail, Slack and the console): every fact the evaluator
// records comes out as a sentence, times in UTC, and error messages only where allowed.
import { type CheckToEvaluate, evaluateCheck, NO_FACTS, reportEvidenceLines } from "@skyport/domain";
import { describe, expect, it } from "vitest";

const base: CheckToEvaluate = {
  position: 0,
  kind: "DAG",
  label: "orders",
  dagId: "orders",
  taskId: null,
  datasetNamespace: null,
  datasetName: null,
  assertion: null,
  column: null,
  freshnessMinutes: 60,
  deadline: null,
};
const now = new Date("2026-12-06T09:00:00Z");
const failedRun = {
  runId: "scheduled__2026-12-06T08:00:00+00:00",
  state: "FAILED",
  startedAt: new Date("2026-12-06T08:00:05Z"),
  endedAt: new Date("2026-12-06T08:10:00Z"),
  errorMessage: "psycopg2.OperationalError: password=hunter2",
};

describe("reportEvidenceLines", () => {
  it("reads a failed DAG run: run, state, times, window; the error only when allowed", () => {
    const result = evaluateCheck(base, { ...NO_FACTS, latest: failedRun }, now, "Europe/Berlin");
    expect(result.status).toBe("FAILED");
    const hidden = reportEvidenceLines(result.evidence, false);
    expect(hidden).toEqual([
      "Run scheduled__2026-12-06T08:00:00+00:00 (FAILED)",
      "Started 2026-12-06 08:00:05 UTC, ended 2026-12-06 08:10:00 UTC",
      "Freshness window 60 min",
    ]);
    expect(hidden.join("\n")).not.toContain("hunter2");
    expect(reportEvidenceLines(result.evidence, true)).toContain(
      "Error: psycopg2.OperationalError: password=hunter2",
    );
  });

  it("reads failing assertions with expected and actual, and a late landing against its deadline", () => {
    const assertion = evaluateCheck(
      {
        ...base,
        kind: "ASSERTION",
        dagId: null,
        datasetNamespace: "postgres://db",
        datasetName: "public.orders",
      },
      {
        ...NO_FACTS,
        assertions: [
          {
            runId: "r1",
            assertion: "not_null",
            column: "customer_id",
            success: false,
            severity: "error",
            expected: "0",
            actual: "12",
            eventTime: new Date("2026-12-06T08:30:00Z"),
          },
        ],
      },
      now,
      "UTC",
    );
    expect(reportEvidenceLines(assertion.evidence, false)).toEqual([
      "Freshness window 60 min",
      "1 assertion in the window",
      "not_null on customer_id (error): expected 0, actual 12",
    ]);

    const late = {
      ...failedRun,
      state: "SUCCESS",
      errorMessage: null,
      endedAt: new Date("2026-12-06T08:40:00Z"),
    };
    const timeliness = evaluateCheck(
      { ...base, kind: "TIMELINESS", deadline: "08:30" },
      { ...NO_FACTS, dayRuns: [late] },
      now,
      "UTC",
    );
    const lines = reportEvidenceLines(timeliness.evidence, false);
    expect(lines).toContain("Deadline 2026-12-06 08:30:00 UTC (landed late)");
    expect(lines).toContain("Started 2026-12-06 08:00:05 UTC, ended 2026-12-06 08:40:00 UTC");
  });
});

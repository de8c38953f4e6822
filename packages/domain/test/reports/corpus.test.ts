// Acceptance: the labelled corpus (corpus.ts) replayed through the real ingest and derivation
// on a fake clock that ticks every 15 minutes, as the worker's report clock would. Every report
// runs exactly at its cron times in its zone (across the DST change), and each run's status,
// per-check statuses and whether it was sent are exactly the labelled ones.
import {
  createReport,
  deriveDeploymentLineage,
  dueReports,
  executeReportRun,
  ingestLineageEvents,
} from "@skyport/domain";
import { newDeployment, reportDefaults, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts } from "../workspace-support.ts";
import { CORPUS_END, CORPUS_START, corpusEvents, EXPECTED, WAREHOUSE } from "./corpus.ts";

const { db, world } = await worldOnTestDatabase();
const author = personaContexts(db)(world, "workspaceAuthor");
const TICK_MS = 15 * 60_000;

describe("status reports acceptance corpus", () => {
  it("runs each report at its cron times and gets the labelled statuses", { timeout: 120_000 }, async () => {
    const target = await newDeployment(db, world, "reports-corpus");
    const { deploymentId } = target;
    const base = reportDefaults(world);
    const sales = await createReport(
      author,
      {
        ...base,
        title: "Sales ready",
        timeZone: "Europe/Berlin",
        checks: [
          { kind: "TASK", deploymentId, dagId: "sales", taskId: "load", freshnessMinutes: 1440 },
          { kind: "DAG", deploymentId, dagId: "sales", freshnessMinutes: 1440 },
          {
            kind: "ASSERTION",
            deploymentId,
            datasetNamespace: WAREHOUSE,
            datasetName: "public.orders",
            freshnessMinutes: 1440,
          },
          { kind: "TIMELINESS", deploymentId, dagId: "sales", deadline: "07:30" },
        ],
      },
      CORPUS_START,
    );
    const finance = await createReport(
      author,
      {
        ...base,
        title: "Finance close",
        schedule: { type: "CRON", cron: "0 9 * * *" },
        sendMode: "ON_CHANGE",
        checks: [{ kind: "DAG", deploymentId, dagId: "finance", freshnessMinutes: 720 }],
      },
      CORPUS_START,
    );
    const marketing = await createReport(
      author,
      {
        ...base,
        title: "Marketing",
        sendMode: "ON_CHANGE",
        checks: [
          { kind: "TASK", deploymentId, dagId: "marketing", taskId: "export", freshnessMinutes: 1440 },
          {
            kind: "ASSERTION",
            deploymentId,
            datasetNamespace: WAREHOUSE,
            datasetName: "public.campaigns",
            freshnessMinutes: 1440,
          },
        ],
      },
      CORPUS_START,
    );
    expect(sales.nextRunAt?.toISOString()).toBe("2026-03-27T07:00:00.000Z");

    const events = corpusEvents();
    let sent = 0;
    for (let at = CORPUS_START.getTime(); at <= CORPUS_END.getTime(); at += TICK_MS) {
      const now = new Date(at);
      const batch = [];
      while (sent < events.length && Date.parse(events[sent]?.eventTime ?? "") <= at)
        batch.push(events[sent++]);
      if (batch.length > 0) {
        const outcomes = await ingestLineageEvents(db, target, batch, { batch: true, now });
        expect(outcomes.filter((outcome) => outcome.status !== "stored")).toEqual([]);
        await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
      }
      for (const due of await dueReports(db, now)) {
        await executeReportRun(db, {
          reportId: due.reportId,
          trigger: "SCHEDULE",
          scheduledFor: due.scheduledFor,
          now,
        });
      }
    }
    expect(sent).toBe(events.length);

    const runsOf = async (reportId: string) =>
      (
        await db.reportRun.findMany({
          where: { reportId },
          orderBy: { scheduledFor: "asc" },
          include: { results: { orderBy: { position: "asc" } } },
        })
      ).map((run) => ({
        scheduledFor: run.scheduledFor?.toISOString(),
        status: run.status,
        checks: run.results.map((result) => result.status),
        notified: run.notified,
      }));
    expect(await runsOf(sales.id)).toEqual(EXPECTED["Sales ready"]);
    expect(await runsOf(finance.id)).toEqual(EXPECTED["Finance close"]);
    expect(await runsOf(marketing.id)).toEqual(EXPECTED.Marketing);

    // Evidence a stakeholder reads: the late landing names both times in the report's zone.
    const late = await db.reportCheckResult.findFirstOrThrow({
      where: { run: { reportId: sales.id, scheduledFor: new Date("2026-03-30T06:00:00Z") }, position: 3 },
    });
    expect(late.summary).toBe("Landed late at 2026-03-30 07:35 GMT+2; due by 2026-03-30 07:30 GMT+2.");
    const warned = await db.reportCheckResult.findFirstOrThrow({
      where: { run: { reportId: sales.id, scheduledFor: new Date("2026-03-28T07:00:00Z") }, position: 2 },
    });
    expect(warned.summary).toBe("Warnings: row_count_between.");
    expect((warned.evidence as { failing: Array<{ severity: string }> }).failing).toEqual([
      expect.objectContaining({ assertion: "row_count_between", severity: "warn" }),
    ]);
  });
});

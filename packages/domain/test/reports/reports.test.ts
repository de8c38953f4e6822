// Status reports in the domain: authors manage, members read, one audit event per change, clear
// field errors with nothing written, checks only on the workspace's own deployments, schedules
// from presets and cron in the report's zone.
import {
  type CreateReportInput,
  createReport,
  deleteReport,
  ForbiddenError,
  getReport,
  listReports,
  NotFoundError,
  nextRuns,
  revokeStatusLink,
  updateReport,
  ValidationError,
} from "@skyport/domain";
import { newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "../workspace-support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId, deploymentId } = world;
const as = personaContexts(db);
const NOW = new Date("2026-01-10T12:00:00Z");

function input(title: string, extra: Partial<CreateReportInput> = {}): CreateReportInput {
  return {
    organizationId,
    workspaceId,
    title,
    schedule: { type: "WEEKLY", day: "MONDAY", time: "09:30" },
    timeZone: "America/New_York",
    sendMode: "ALWAYS",
    requireSignIn: false,
    showErrorDetails: false,
    channelIds: [],
    checks: [{ kind: "TASK", deploymentId, dagId: "sales", taskId: "load", freshnessMinutes: 60 }],
    ...extra,
  };
}

describe("reports", () => {
  it("an author creates a report with one audit event; the weekly preset becomes cron in its zone", async () => {
    const { result, events } = await withAudit(db, [organizationId], () =>
      createReport(as(world, "workspaceAuthor"), input("Weekly sales"), NOW),
    );
    expect(result?.cron).toBe("30 9 * * 1");
    // Monday 2026-01-12 09:30 in New York (EST, UTC-5).
    expect(result?.nextRunAt?.toISOString()).toBe("2026-01-12T14:30:00.000Z");
    expect(result?.checks.map((check) => check.label)).toEqual(["sales.load"]);
    expect(result?.ownerUserId).toBe(world.users.workspaceAuthor.id);
    expect(events.map((event) => event.action)).toEqual(["report.create"]);
  });

  it("members read, but may not create; outsiders get NOT_FOUND", async () => {
    const created = await createReport(as(world, "workspaceAuthor"), input("Readable"), NOW);
    const ref = { organizationId, reportId: created.id };
    expect((await getReport(as(world, "workspaceMember"), ref)).title).toBe("Readable");
    const listed = await listReports(as(world, "workspaceMember"), { organizationId, workspaceId });
    expect(listed.items.map((report) => report.title)).toContain("Readable");
    await expect(createReport(as(world, "workspaceMember"), input("Nope"), NOW)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(getReport(as(world, "outsider"), ref)).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteReport(as(world, "workspaceMember"), ref)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("refuses a check on another workspace's deployment, naming the field, and writes nothing", async () => {
    const other = await db.deployment.create({
      data: {
        organizationId,
        workspaceId: world.otherWorkspaceId,
        name: "elsewhere",
        spec: {},
        namespace: "skyport-elsewhere-ns",
      },
    });
    const before = await db.report.count();
    const { error, events } = await withAudit(db, [organizationId], () =>
      createReport(
        as(world, "workspaceAuthor"),
        input("Cross", {
          checks: [{ kind: "DAG", deploymentId: other.id, dagId: "x", freshnessMinutes: 60 }],
        }),
        NOW,
      ),
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("checks.0.deploymentId");
    expect(events).toEqual([]);
    expect(await db.report.count()).toBe(before);
  });

  it("refuses a cron without five fields, naming schedule.cron", async () => {
    const error = await createReport(
      as(world, "workspaceAuthor"),
      input("Bad cron", { schedule: { type: "CRON", cron: "0 0 8 * * *" } }),
      NOW,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("schedule.cron");
  });

  it("updates the schedule and recomputes the next run; a duplicate title is a conflict", async () => {
    const { deploymentId: second } = await newDeployment(db, world);
    const report = await createReport(as(world, "workspaceAuthor"), input("Move me"), NOW);
    const updated = await updateReport(
      as(world, "workspaceAuthor"),
      {
        organizationId,
        reportId: report.id,
        schedule: { type: "DAILY", time: "06:00" },
        timeZone: "Asia/Tokyo",
        checks: [{ kind: "DAG", deploymentId: second, dagId: "etl", freshnessMinutes: 120 }],
      },
      NOW,
    );
    expect(updated.cron).toBe("0 6 * * *");
    expect(updated.nextRunAt?.toISOString()).toBe("2026-01-10T21:00:00.000Z");
    expect(updated.checks.map((check) => [check.kind, check.deploymentId])).toEqual([["DAG", second]]);
    await expect(
      updateReport(as(world, "workspaceAuthor"), {
        organizationId,
        reportId: report.id,
        title: "Weekly sales",
      }),
    ).rejects.toThrow('a report titled "Weekly sales" already exists in this workspace');
  });

  it("finds the next runs across a DST change in the zone", () => {
    // Europe/Berlin moves to CEST on 2026-03-29: 08:00 local is 07:00 UTC, then 06:00 UTC.
    expect(
      nextRuns("0 8 * * *", "Europe/Berlin", new Date("2026-03-27T12:00:00Z"), 3).map((d) => d.toISOString()),
    ).toEqual(["2026-03-28T07:00:00.000Z", "2026-03-29T06:00:00.000Z", "2026-03-30T06:00:00.000Z"]);
  });
});

describe("a report deleted by a request racing a change", () => {
  it("answers NOT_FOUND for the report, not an internal error, and writes no audit event", async () => {
    const author = as(world, "workspaceAuthor");
    const created = await createReport(author, input("Raced"), NOW);
    const ref = { organizationId, reportId: created.id };
    // The racing request deletes the report after the change read it, before its transaction.
    const racing = new Proxy(db, {
      get(target, property, receiver) {
        if (property !== "$transaction") return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof db.$transaction>) => {
          await target.report.delete({ where: { id: created.id } });
          return (target.$transaction as (...a: unknown[]) => unknown)(...args);
        };
      },
    });
    const audits = await db.auditEvent.count({ where: { organizationId } });
    const failure = await revokeStatusLink({ ...author, db: racing }, ref).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(NotFoundError);
    expect((failure as Error).message).toBe("report not found");
    expect(await db.auditEvent.count({ where: { organizationId } })).toBe(audits);
  });
});

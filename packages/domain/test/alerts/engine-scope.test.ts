// Which rules the engine evaluates, and over which DAGs.
// Event-driven evaluation: after a derivation, only the DAGs of the runs it touched are evaluated
// (their runs, incidents and history), so the cost follows the change and not the deployment's
// history; other DAGs, deadline rules naming other DAGs and deployment-level rules wait for the
// clock's whole-deployment evaluation, which still sees everything.
// The enabled flag: a disabled rule is not evaluated at all (no incident, no delivery, and the
// alert clock skips deployments whose rules are all off); enabling it evaluates it again.
import { randomUUID } from "node:crypto";
import {
  createRule,
  deploymentsWithAlertRules,
  deriveDeploymentLineage,
  evaluateDeploymentAlerts,
  ingestLineageEvents,
  listRules,
  updateRule,
} from "@skyport/domain";
import { dagRunEvents, newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "../workspace-support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId } = world;
const as = personaContexts(db);
const base = Date.now() + 1_000;
const later = { now: new Date(base + 30 * 60_000) };

/** A failed run of `dagId` reported to the deployment (START, then FAIL a minute later). */
async function failedRun(deploymentId: string, dagId: string): Promise<string> {
  const runId = randomUUID();
  const events = dagRunEvents({
    runId,
    dagId,
    terminal: "FAIL",
    startedAt: new Date(base),
    endedAt: new Date(base + 60_000),
  });
  await ingestLineageEvents(db, { organizationId, deploymentId }, events, { batch: true });
  return runId;
}

describe("alert evaluation scoped to the runs a derivation touched", () => {
  it("opens incidents for the touched DAGs only; the full evaluation opens the rest", async () => {
    const { deploymentId } = await newDeployment(db, world);
    const rule = (name: string, type: "DAG_FAILURE" | "DAG_TIMELINESS", properties = {}, values = ["*"]) =>
      createRule(as(world, "workspaceOperator"), {
        organizationId,
        workspaceId,
        deploymentId,
        name: `${name}-${randomUUID().slice(0, 6)}`,
        type,
        severity: "WARNING",
        patterns: [{ entity: "DAG_ID", operator: "IS", values }],
        properties,
        channelIds: [],
      });
    const failures = await rule("failures", "DAG_FAILURE");
    const touched = await failedRun(deploymentId, "orders");
    await failedRun(deploymentId, "billing");
    await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    // A deadline that has passed for a DAG that never ran: only the clock may judge it.
    const deadlineRule = await rule(
      "late",
      "DAG_TIMELINESS",
      { deadline: "00:00", timeZone: "UTC", lookBackSeconds: 3600 },
      ["never_ran"],
    );
    await db.alertRule.update({
      where: { id: deadlineRule.id },
      data: { createdAt: new Date(base - 3 * 86_400_000) },
    });

    const scoped = await evaluateDeploymentAlerts(db, deploymentId, { ...later, runIds: [touched] });
    expect(scoped.opened).toBe(1);
    const afterScoped = await db.alertIncident.findMany({
      where: { deploymentId },
      select: { ruleId: true, dagId: true },
    });
    expect(afterScoped).toEqual([{ ruleId: failures.id, dagId: "orders" }]);
    expect(await evaluateDeploymentAlerts(db, deploymentId, { ...later, runIds: [randomUUID()] })).toEqual({
      opened: 0,
      resolved: 0,
      deliveryIds: [],
    });

    const full = await evaluateDeploymentAlerts(db, deploymentId, later);
    expect(full.opened).toBeGreaterThanOrEqual(2);
    const dags = await db.alertIncident.findMany({ where: { deploymentId }, select: { dagId: true } });
    expect(new Set(dags.map((row) => row.dagId))).toEqual(new Set(["orders", "billing", "never_ran"]));
  });

  it("skips a disabled rule, evaluates it again once enabled, and audits the switch", async () => {
    const { deploymentId } = await newDeployment(db, world);
    const rule = await createRule(as(world, "workspaceOperator"), {
      organizationId,
      workspaceId,
      deploymentId,
      name: `off-${randomUUID().slice(0, 6)}`,
      type: "DAG_FAILURE",
      severity: "WARNING",
      patterns: [],
      properties: {},
      channelIds: [],
      enabled: false,
    });
    expect(rule.enabled).toBe(false);
    expect(await deploymentsWithAlertRules(db)).not.toContain(deploymentId);
    await failedRun(deploymentId, "nightly");
    await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    expect(await evaluateDeploymentAlerts(db, deploymentId, later)).toEqual({
      opened: 0,
      resolved: 0,
      deliveryIds: [],
    });
    expect(await db.alertIncident.count({ where: { ruleId: rule.id } })).toBe(0);

    const { result, events } = await withAudit(db, [organizationId], () =>
      updateRule(as(world, "workspaceOperator"), { organizationId, ruleId: rule.id, enabled: true }),
    );
    expect(result?.enabled).toBe(true);
    expect(events.map((e) => [e.action, (e.metadata as { enabled?: boolean }).enabled])).toEqual([
      ["alertRule.update", true],
    ]);
    expect(await deploymentsWithAlertRules(db)).toContain(deploymentId);
    expect(await evaluateDeploymentAlerts(db, deploymentId, later)).toMatchObject({ opened: 1 });
    const listed = await listRules(as(world, "workspaceMember"), { organizationId, deploymentId });
    expect(listed.items.find((item) => item.id === rule.id)).toMatchObject({
      enabled: true,
      mutedUntil: null,
    });
  });
});

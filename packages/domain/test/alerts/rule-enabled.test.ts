// A rule's on/off switch: a disabled rule is not evaluated at all (no incident, no delivery, and
// the alert clock skips deployments whose rules are all off); enabling it evaluates it again.
// Muting is different: it records incidents without notifying.
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
import { newDeployment, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaContexts, withAudit } from "../workspace-support.ts";

const { db, world } = await worldOnTestDatabase();
const { organizationId, workspaceId } = world;
const as = personaContexts(db);

describe("enabled flag of alert rules", () => {
  it("skips a disabled rule, evaluates it again once enabled, and audits both changes", async () => {
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

    const runId = randomUUID();
    const base = Date.now() + 1_000;
    const event = (type: string, minutes: number) => ({
      eventType: type,
      eventTime: new Date(base + minutes * 60_000).toISOString(),
      producer: "https://example.com/producer",
      schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
      run: { runId },
      job: { namespace: "default", name: "nightly" },
    });
    await ingestLineageEvents(db, { organizationId, deploymentId }, [event("START", 0), event("FAIL", 5)], {
      batch: true,
    });
    await deriveDeploymentLineage(db, deploymentId, { settleMs: 0 });
    const later = { now: new Date(base + 30 * 60_000) };
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

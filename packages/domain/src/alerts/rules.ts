// Alert rules: CRUD and mute, each one audited change. A rule lives in a workspace and
// watches one of its deployments, or all of them (deploymentId null).
import type { Prisma } from "@skyport/db";
import { authorize, type Db } from "../authz/authorize.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { authorizeRead, type MutationContext, mutate, viewOutcome } from "../shared/mutation.ts";
import { mapPage, type Page, readPage } from "../shared/pagination.ts";
import { conflictOnUnique, deleteInOrganization, findInOrganization } from "../shared/prisma-errors.ts";
import { validate } from "../shared/validate.ts";
import {
  type AlertPattern,
  type AlertRuleTypeName,
  type CreateRuleInput,
  type IncidentView,
  type ListIncidentsInput,
  type ListRulesInput,
  type MuteRuleInput,
  RULE_PROPERTIES,
  type RuleRefInput,
  type RuleView,
  type UpdateRuleInput,
} from "./alerts.types.ts";
import { type AlertReadContext, checkUsableChannels } from "./channels.ts";
import { resolveRuleIncidents } from "./engine.ts";
import { ownerPermission, readAtOwner } from "./owner.ts";

/** The note an incident gets when its rule is switched off. */
export const RULE_DISABLED_REASON = "rule disabled";

const ruleSelect = {
  id: true,
  organizationId: true,
  workspaceId: true,
  deploymentId: true,
  name: true,
  type: true,
  severity: true,
  patterns: true,
  properties: true,
  mutedUntil: true,
  enabled: true,
  createdAt: true,
  updatedAt: true,
  channels: { select: { channelId: true }, orderBy: { channelId: "asc" } },
  mutes: {
    select: { dagId: true, taskId: true, until: true },
    orderBy: [{ dagId: "asc" }, { taskId: "asc" }],
  },
} as const satisfies Prisma.AlertRuleSelect;
type RuleRow = Prisma.AlertRuleGetPayload<{ select: typeof ruleSelect }>;

function toRuleView(row: RuleRow): RuleView {
  return {
    id: row.id,
    organizationId: row.organizationId,
    workspaceId: row.workspaceId,
    deploymentId: row.deploymentId,
    name: row.name,
    type: row.type,
    severity: row.severity,
    patterns: row.patterns as unknown as AlertPattern[],
    properties: row.properties as Record<string, unknown>,
    channelIds: row.channels.map((link) => link.channelId),
    enabled: row.enabled,
    mutedUntil: row.mutedUntil,
    mutes: row.mutes.map((mute) => ({ dagId: mute.dagId, taskId: mute.taskId || null, until: mute.until })),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The type's properties, validated (field names "properties.<name>"). */
function ruleProperties(
  type: AlertRuleTypeName,
  properties: Record<string, unknown>,
): Record<string, unknown> {
  return validate(RULE_PROPERTIES[type], properties, "properties") as Record<string, unknown>;
}

function ruleTargets(rule: { id: string; name: string }) {
  return [{ type: "alertRule", id: rule.id, label: rule.name }];
}

function ruleMetadata(rule: RuleView): Record<string, unknown> {
  return {
    type: rule.type,
    severity: rule.severity,
    deploymentId: rule.deploymentId,
    patterns: rule.patterns,
    properties: rule.properties,
    channelIds: rule.channelIds,
    enabled: rule.enabled,
    mutedUntil: rule.mutedUntil?.toISOString() ?? null,
  };
}

function nameTaken(name: string) {
  return new ConflictError(`an alert rule named "${name}" already exists in this workspace`, "name");
}

export async function createRule(ctx: MutationContext, input: CreateRuleInput): Promise<RuleView> {
  return mutate(ctx, ownerPermission(input, "manage"), async (tx) => {
    const properties = ruleProperties(input.type, input.properties);
    await checkUsableChannels(tx, input, input.workspaceId, input.channelIds);
    const row = await conflictOnUnique(
      tx.alertRule.create({
        data: {
          organizationId: input.organizationId,
          workspaceId: input.workspaceId,
          deploymentId: input.deploymentId ?? null,
          name: input.name,
          type: input.type,
          severity: input.severity,
          patterns: input.patterns as Prisma.InputJsonValue,
          properties: properties as Prisma.InputJsonValue,
          mutedUntil: input.mutedUntil ?? null,
          enabled: input.enabled ?? true,
          channels: { create: [...new Set(input.channelIds)].map((channelId) => ({ channelId })) },
        },
        select: ruleSelect,
      }),
      () => nameTaken(input.name),
    );
    const view = toRuleView(row);
    return viewOutcome(view, "alertRule.create", ruleTargets(view), ruleMetadata(view));
  });
}

function findRule(db: Db, input: RuleRefInput): Promise<RuleRow> {
  return findInOrganization("alert rule", input.ruleId, input, (where) =>
    db.alertRule.findFirst({ where, select: ruleSelect }),
  );
}

export async function getRule(ctx: AlertReadContext, input: RuleRefInput): Promise<RuleView> {
  return toRuleView(await readAtOwner(ctx, findRule(ctx.db, input)));
}

/** A workspace's rules (every one, or those watching one deployment: its own and the workspace-wide). */
export async function listRules(ctx: AlertReadContext, input: ListRulesInput): Promise<Page<RuleView>> {
  await authorizeRead(ctx, ownerPermission(input, "read"));
  let where: Prisma.AlertRuleWhereInput;
  if (input.deploymentId) {
    const deployment = await ctx.db.deployment.findFirst({
      where: { id: input.deploymentId, organizationId: input.organizationId, deletedAt: null },
      select: { workspaceId: true },
    });
    if (!deployment) throw new NotFoundError("deployment");
    where = {
      organizationId: input.organizationId,
      workspaceId: deployment.workspaceId,
      OR: [{ deploymentId: input.deploymentId }, { deploymentId: null }],
    };
  } else if (input.workspaceId) {
    where = { organizationId: input.organizationId, workspaceId: input.workspaceId };
  } else {
    // Rules live in workspaces: the organization level has none of its own.
    throw new ValidationError(
      "workspaceId",
      "give workspaceId or deploymentId: alert rules belong to a workspace",
    );
  }
  const page = await readPage(
    input,
    (args) => ctx.db.alertRule.findMany({ ...args, where: { AND: [where, args.where] }, select: ruleSelect }),
    (row) => row.id,
  );
  return mapPage(page, toRuleView);
}

export async function updateRule(ctx: MutationContext, input: UpdateRuleInput): Promise<RuleView> {
  const before = await findRule(ctx.db, input);
  return mutate(ctx, ownerPermission(before, "manage"), async (tx) => {
    const properties =
      input.properties === undefined ? undefined : ruleProperties(before.type, input.properties);
    if (input.channelIds !== undefined) {
      await checkUsableChannels(tx, before, before.workspaceId, input.channelIds);
      await tx.alertRuleChannel.deleteMany({ where: { ruleId: before.id } });
      await tx.alertRuleChannel.createMany({
        data: [...new Set(input.channelIds)].map((channelId) => ({ ruleId: before.id, channelId })),
      });
    }
    const row = await conflictOnUnique(
      tx.alertRule.update({
        where: { id: before.id },
        data: {
          name: input.name,
          severity: input.severity,
          patterns: input.patterns as Prisma.InputJsonValue | undefined,
          properties: properties as Prisma.InputJsonValue | undefined,
          mutedUntil: input.mutedUntil,
          enabled: input.enabled,
        },
        select: ruleSelect,
      }),
      () => nameTaken(input.name ?? before.name),
    );
    // Switched off: nothing will resolve its open incidents any more, so they resolve now.
    const closed =
      before.enabled && !row.enabled ? await resolveRuleIncidents(tx, before, RULE_DISABLED_REASON) : null;
    const view = toRuleView(row);
    return viewOutcome(view, "alertRule.update", ruleTargets(view), {
      ...ruleMetadata(view),
      ...(closed ? { resolvedIncidents: closed.resolved } : {}),
    });
  });
}

/**
 * Mutes (until a time) or unmutes a rule, or one DAG (or one task of a DAG) of it: muted
 * incidents are recorded but not notified (nor their resolves).
 */
export async function muteRule(ctx: MutationContext, input: MuteRuleInput): Promise<RuleView> {
  const before = await findRule(ctx.db, input);
  return mutate(ctx, ownerPermission(before, "manage"), async (tx) => {
    if (input.dagId === undefined) {
      await tx.alertRule.update({ where: { id: before.id }, data: { mutedUntil: input.until } });
    } else {
      const target = { ruleId: before.id, dagId: input.dagId, taskId: input.taskId ?? "" };
      if (input.until) {
        await tx.alertMute.upsert({
          where: { ruleId_dagId_taskId: target },
          create: { ...target, organizationId: before.organizationId, until: input.until },
          update: { until: input.until },
        });
      } else {
        await tx.alertMute.deleteMany({ where: { ...target, organizationId: before.organizationId } });
      }
    }
    const row = await tx.alertRule.findUniqueOrThrow({ where: { id: before.id }, select: ruleSelect });
    const view = toRuleView(row);
    return viewOutcome(view, input.until ? "alertRule.mute" : "alertRule.unmute", ruleTargets(view), {
      mutedUntil: input.until?.toISOString() ?? null,
      dagId: input.dagId ?? null,
      taskId: input.taskId ?? null,
    });
  });
}

/**
 * Deletes a rule with its incidents. Refused while a receiver still holds an open incident of it
 * (a trigger was sent, no resolve yet) or a resolve notice is still being sent: deleting then
 * would leave that alert open at PagerDuty/Opsgenie for good. Disabling the rule first resolves
 * its incidents and sends the resolve notices.
 */
export async function deleteRule(ctx: MutationContext, input: RuleRefInput): Promise<RuleView> {
  const before = await findRule(ctx.db, input);
  return mutate(ctx, ownerPermission(before, "manage"), async (tx) => {
    const notifiedOpen = await tx.alertDelivery.count({
      where: {
        organizationId: input.organizationId,
        event: "TRIGGER",
        status: { not: "FAILED" },
        incident: { ruleId: before.id, status: "OPEN" },
      },
    });
    if (notifiedOpen > 0)
      throw new ConflictError(
        `alert rule "${before.name}" has open incidents its channels were notified of: disable it first (that resolves them and notifies the channels), then delete it`,
      );
    const resolvesPending = await tx.alertDelivery.count({
      where: {
        organizationId: input.organizationId,
        event: "RESOLVE",
        status: "PENDING",
        incident: { ruleId: before.id },
      },
    });
    if (resolvesPending > 0)
      throw new ConflictError(
        `alert rule "${before.name}" still has resolve notifications being sent: delete it once they are delivered (a minute or two)`,
      );
    await deleteInOrganization("alert rule", before.id, input, (where) => tx.alertRule.deleteMany({ where }));
    const view = toRuleView(before);
    return viewOutcome(view, "alertRule.delete", ruleTargets(view), { type: view.type });
  });
}

/** A deployment's incidents (open and resolved), in id order. */
export async function listIncidents(
  ctx: AlertReadContext,
  input: ListIncidentsInput,
): Promise<Page<IncidentView>> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "alert.deployment.read", { organizationId, deploymentId });
  const page = await readPage(
    input,
    (args) =>
      ctx.db.alertIncident.findMany({
        ...args,
        where: { AND: [{ organizationId, deploymentId }, args.where] },
        select: {
          id: true,
          ruleId: true,
          rule: { select: { name: true } },
          deploymentId: true,
          key: true,
          dagId: true,
          taskId: true,
          runId: true,
          status: true,
          severity: true,
          summary: true,
          muted: true,
          occurrences: true,
          lastOccurredAt: true,
          openedAt: true,
          resolvedAt: true,
          resolveReason: true,
        },
      }),
    (row) => row.id,
  );
  return mapPage(page, ({ rule, ...row }) => ({ ...row, ruleName: rule.name }));
}

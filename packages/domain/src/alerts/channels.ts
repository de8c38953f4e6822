// Notification channels: where alerts go. The secret part of a channel's settings (Slack
// webhook URL, PagerDuty routing key, Opsgenie API key, webhook URL and signing secret) is
// sealed with the organization's data key in the transaction that writes the row; no view,
// audit entry or error carries it. Only the delivery job opens it (openChannelSecret).
import { randomUUID } from "node:crypto";
import type { BillingPlans } from "@skyport/config";
import type { Prisma } from "@skyport/db";
import type { Db } from "../authz/authorize.ts";
import { enforceAlertChannelPlan } from "../billing/limits.ts";
import type { SealTarget, SecretBox } from "../secrets/types.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { authorizeRead, type MutationContext, mutate, viewOutcome } from "../shared/mutation.ts";
import { mapPage, type Page, readPage } from "../shared/pagination.ts";
import { conflictOnUnique, deleteInOrganization, findInOrganization } from "../shared/prisma-errors.ts";
import type {
  ChannelRefInput,
  ChannelSecret,
  ChannelSettings,
  ChannelView,
  CreateChannelInput,
  DeliveryView,
  ListChannelsInput,
  UpdateChannelInput,
} from "./alerts.types.ts";
import { type AlertOwner, ownerPermission, ownerScope, readAtOwner } from "./owner.ts";

export type AlertReadContext = Pick<MutationContext, "db" | "actor">;

/** What writing a channel needs besides the caller: the secret box, and the billing plans whose
 * alert-channel limit applies (null or absent: billing is off, every kind is allowed). */
export type ChannelWriteContext = MutationContext & {
  secrets: SecretBox;
  billingPlans?: BillingPlans | null;
};

const channelSelect = {
  id: true,
  organizationId: true,
  workspaceId: true,
  deploymentId: true,
  name: true,
  kind: true,
  shared: true,
  config: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.NotificationChannelSelect;
type ChannelRow = Prisma.NotificationChannelGetPayload<{ select: typeof channelSelect }>;

export function toChannelView(row: ChannelRow): ChannelView {
  const config = (row.config ?? {}) as { recipients?: string[]; region?: string };
  return {
    id: row.id,
    organizationId: row.organizationId,
    workspaceId: row.workspaceId,
    deploymentId: row.deploymentId,
    scope: ownerScope(row),
    name: row.name,
    kind: row.kind,
    shared: row.shared,
    recipients: config.recipients ?? null,
    region: config.region ?? null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function sealTarget(row: { id: string; organizationId: string; valueVersion: number }): SealTarget {
  return {
    organizationId: row.organizationId,
    table: "NotificationChannel",
    rowId: row.id,
    field: "secret",
    valueVersion: row.valueVersion,
  };
}

/** The settings split into what may be shown and what is sealed. */
function splitSettings(settings: ChannelSettings): { config: object; secret: ChannelSecret | null } {
  switch (settings.kind) {
    case "SLACK":
      return { config: {}, secret: { kind: "SLACK", webhookUrl: settings.webhookUrl } };
    case "EMAIL":
      return { config: { recipients: settings.recipients }, secret: null };
    case "PAGERDUTY":
      return { config: {}, secret: { kind: "PAGERDUTY", routingKey: settings.routingKey } };
    case "OPSGENIE":
      return { config: { region: settings.region }, secret: { kind: "OPSGENIE", apiKey: settings.apiKey } };
    case "WEBHOOK":
      return {
        config: {},
        secret: { kind: "WEBHOOK", url: settings.url, signingSecret: settings.signingSecret },
      };
    default: {
      const exhaustive: never = settings;
      return exhaustive;
    }
  }
}

/** The workspace a deployment-level owner belongs to (for visibility of shared channels). */
async function ownerWorkspace(db: Db, owner: AlertOwner): Promise<string | null> {
  if (!owner.deploymentId) return owner.workspaceId ?? null;
  const deployment = await db.deployment.findFirst({
    where: { id: owner.deploymentId, organizationId: owner.organizationId, deletedAt: null },
    select: { workspaceId: true },
  });
  if (!deployment) throw new NotFoundError("deployment");
  return deployment.workspaceId;
}

/**
 * The channels usable at an owner: its own, and the shared ones of the levels above it (an
 * organization's shared channels everywhere in it, a workspace's in its deployments).
 */
export function usableChannelsWhere(
  owner: AlertOwner,
  workspaceId: string | null,
): Prisma.NotificationChannelWhereInput {
  const organizationLevel = { workspaceId: null, deploymentId: null };
  const scope = ownerScope(owner);
  const or: Prisma.NotificationChannelWhereInput[] = [
    scope === "ORGANIZATION" ? organizationLevel : { ...organizationLevel, shared: true },
  ];
  if (workspaceId) {
    or.push(
      scope === "WORKSPACE"
        ? { workspaceId, deploymentId: null }
        : { workspaceId, deploymentId: null, shared: true },
    );
  }
  if (owner.deploymentId) or.push({ deploymentId: owner.deploymentId });
  return { organizationId: owner.organizationId, OR: or };
}

function channelNameTaken(name: string) {
  return new ConflictError(`a notification channel named "${name}" already exists`, "name");
}

function channelTargets(channel: { id: string; name: string }) {
  return [{ type: "notificationChannel", id: channel.id, label: channel.name }];
}

export async function createChannel(
  ctx: ChannelWriteContext,
  input: CreateChannelInput,
): Promise<ChannelView> {
  return mutate(ctx, ownerPermission(input, "manage"), async (tx) => {
    await enforceAlertChannelPlan(tx, ctx.billingPlans, input.organizationId, input.settings.kind);
    const workspaceId = await ownerWorkspace(tx, input);
    const id = randomUUID();
    const { config, secret } = splitSettings(input.settings);
    const secretCiphertext = secret
      ? await ctx.secrets.seal(
          tx,
          sealTarget({ id, organizationId: input.organizationId, valueVersion: 1 }),
          JSON.stringify(secret),
        )
      : null;
    const row = await conflictOnUnique(
      tx.notificationChannel.create({
        data: {
          id,
          organizationId: input.organizationId,
          workspaceId,
          deploymentId: input.deploymentId ?? null,
          name: input.name,
          kind: input.settings.kind,
          shared: input.shared,
          config,
          secretCiphertext,
          valueVersion: 1,
        },
        select: channelSelect,
      }),
      () => channelNameTaken(input.name),
    );
    const view = toChannelView(row);
    return viewOutcome(view, "notificationChannel.create", channelTargets(view), {
      kind: view.kind,
      scope: view.scope,
      shared: view.shared,
      recipients: view.recipients,
    });
  });
}

export async function listChannels(
  ctx: AlertReadContext,
  input: ListChannelsInput,
): Promise<Page<ChannelView>> {
  await authorizeRead(ctx, ownerPermission(input, "read"));
  const workspaceId = await ownerWorkspace(ctx.db, input);
  const page = await readPage(
    input,
    (args) =>
      ctx.db.notificationChannel.findMany({
        ...args,
        where: { AND: [usableChannelsWhere(input, workspaceId), args.where] },
        select: channelSelect,
      }),
    (row) => row.id,
  );
  return mapPage(page, toChannelView);
}

/** A channel of the organization, with the owner its permission is checked at. */
function findChannel(db: Db, input: ChannelRefInput): Promise<ChannelRow> {
  return findInOrganization("notification channel", input.channelId, input, (where) =>
    db.notificationChannel.findFirst({ where, select: channelSelect }),
  );
}

export async function getChannel(ctx: AlertReadContext, input: ChannelRefInput): Promise<ChannelView> {
  return toChannelView(await readAtOwner(ctx, findChannel(ctx.db, input)));
}

/** Rules linked to the channel that could no longer use it if it stopped being shared. */
function rulesNeedingShare(row: ChannelRow): Prisma.AlertRuleChannelWhereInput | null {
  switch (ownerScope(row)) {
    case "ORGANIZATION":
      return { channelId: row.id };
    case "WORKSPACE":
      return { channelId: row.id, rule: { deploymentId: { not: null } } };
    case "DEPLOYMENT":
      return null;
  }
}

/**
 * Changes a channel's name, sharing or settings, one audited change. New settings replace the
 * kind's settings whole: the secret is sealed anew under the next value version (so the old
 * ciphertext no longer opens for the row) and appears nowhere but in the sealed column.
 */
export async function updateChannel(
  ctx: ChannelWriteContext,
  input: UpdateChannelInput,
): Promise<ChannelView> {
  const before = await findChannel(ctx.db, input);
  return mutate(ctx, ownerPermission(before, "manage"), async (tx) => {
    // Existing channels keep delivering whatever the plan; changing one needs the plan.
    await enforceAlertChannelPlan(tx, ctx.billingPlans, before.organizationId, before.kind);
    if (input.settings && input.settings.kind !== before.kind) {
      throw new ValidationError(
        "settings.kind",
        `settings.kind must stay ${before.kind}: a channel's kind cannot change (create a new channel instead)`,
      );
    }
    const needShare = input.shared === false && before.shared ? rulesNeedingShare(before) : null;
    if (needShare && (await tx.alertRuleChannel.count({ where: needShare })) > 0) {
      throw new ConflictError(
        "shared cannot be turned off: rules below this level notify the channel (remove it from them first)",
        "shared",
      );
    }
    const data: Prisma.NotificationChannelUpdateManyMutationInput = {};
    if (input.name !== undefined) data.name = input.name;
    if (input.shared !== undefined) data.shared = input.shared;
    if (input.settings) {
      const current = await tx.notificationChannel.findUniqueOrThrow({
        where: { id: before.id },
        select: { valueVersion: true },
      });
      const valueVersion = current.valueVersion + 1;
      const { config, secret } = splitSettings(input.settings);
      data.config = config;
      data.valueVersion = valueVersion;
      data.secretCiphertext = secret
        ? await ctx.secrets.seal(
            tx,
            sealTarget({ id: before.id, organizationId: before.organizationId, valueVersion }),
            JSON.stringify(secret),
          )
        : null;
    }
    const row = await conflictOnUnique(
      tx.notificationChannel.update({
        where: { id: before.id, organizationId: input.organizationId },
        data,
        select: channelSelect,
      }),
      () => channelNameTaken(input.name ?? before.name),
    );
    const view = toChannelView(row);
    return {
      result: view,
      audit: {
        action: "notificationChannel.update",
        targets: channelTargets(view),
        // Which settings changed, never their values: a replaced secret is only named.
        metadata: {
          kind: view.kind,
          ...(input.name !== undefined && input.name !== before.name
            ? { name: { from: before.name, to: view.name } }
            : {}),
          ...(input.shared !== undefined ? { shared: view.shared } : {}),
          ...(input.settings
            ? {
                settingsReplaced: true,
                secretReplaced: view.kind !== "EMAIL",
                recipients: view.recipients,
                region: view.region,
              }
            : {}),
        },
      },
    };
  });
}

export async function deleteChannel(ctx: MutationContext, input: ChannelRefInput): Promise<ChannelView> {
  const row = await findChannel(ctx.db, input);
  return mutate(ctx, ownerPermission(row, "manage"), async (tx) => {
    await deleteInOrganization("notification channel", row.id, input, (where) =>
      tx.notificationChannel.deleteMany({ where }),
    );
    return viewOutcome(toChannelView(row), "notificationChannel.delete", channelTargets(row), {
      kind: row.kind,
    });
  });
}

export const deliverySelect = {
  id: true,
  incidentId: true,
  channelId: true,
  event: true,
  status: true,
  attempts: true,
  lastStatusCode: true,
  lastError: true,
  createdAt: true,
  deliveredAt: true,
} as const satisfies Prisma.AlertDeliverySelect;

/**
 * Records a test notification for the channel (PENDING); the caller enqueues its delivery job.
 * The receiver gets a message marked as a test, with its own id.
 */
export async function testChannel(ctx: MutationContext, input: ChannelRefInput): Promise<DeliveryView> {
  const row = await findChannel(ctx.db, input);
  return mutate(ctx, ownerPermission(row, "manage"), async (tx) => {
    const delivery = await tx.alertDelivery.create({
      data: { organizationId: input.organizationId, channelId: row.id, event: "TEST" },
      select: deliverySelect,
    });
    return {
      result: delivery,
      audit: {
        action: "notificationChannel.test",
        targets: channelTargets(row),
        metadata: { kind: row.kind, deliveryId: delivery.id },
      },
    };
  });
}

/** The channel's sealed settings, for the delivery job only: never log or return them. */
export async function openChannelSecret(
  db: Db,
  secrets: SecretBox,
  channel: { id: string; organizationId: string; valueVersion: number; secretCiphertext: Uint8Array | null },
): Promise<ChannelSecret | null> {
  if (!channel.secretCiphertext) return null;
  return JSON.parse(await secrets.open(db, sealTarget(channel), channel.secretCiphertext)) as ChannelSecret;
}

/** Refuses channel ids a rule at `owner` may not use, naming the field. */
export async function checkUsableChannels(
  db: Db,
  owner: AlertOwner,
  workspaceId: string,
  channelIds: readonly string[],
): Promise<void> {
  if (channelIds.length === 0) return;
  const usable = await db.notificationChannel.findMany({
    where: { AND: [usableChannelsWhere(owner, workspaceId), { id: { in: [...channelIds] } }] },
    select: { id: true },
  });
  const found = new Set(usable.map((row) => row.id));
  const missing = channelIds.filter((id) => !found.has(id));
  if (missing.length > 0) {
    throw new ValidationError(
      "channelIds",
      `no notification channel ${missing.join(", ")} is usable here (it must be this scope's own or shared from above)`,
    );
  }
}

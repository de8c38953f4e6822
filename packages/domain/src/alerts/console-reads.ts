// Reads the console's alert pages need beyond the rule and channel lists: an incident's
// timeline (each notification and its attempts), one delivery (a test notification's result)
// and the DAG and task ids telemetry has seen (the pattern builder's suggestions). Read-only;
// each checks the permission at the level the row lives at, and a row of another tenant is
// NOT_FOUND.
import { z } from "zod";
import { authorize } from "../authz/authorize.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import {
  deploymentIdSchema,
  idField,
  organizationIdSchema,
  workspaceIdSchema,
} from "../shared/fields.types.ts";
import { authorizeRead } from "../shared/mutation.ts";
import { type DeliveryView, deliverySchema, incidentSchema } from "./alerts.types.ts";
import { type AlertReadContext, deliverySelect } from "./channels.ts";
import { ownerPermission } from "./owner.ts";

export const deliveryAttemptSchema = z.strictObject({
  number: z.number(),
  at: z.date(),
  statusCode: z.number().nullable(),
  error: z.string().nullable(),
  retryAfterMs: z.number().nullable(),
});

export const deliveryDetailsSchema = deliverySchema.extend({
  channelName: z.string(),
  channelKind: z.string(),
  attemptLog: z.array(deliveryAttemptSchema),
});
export type DeliveryDetailsView = z.output<typeof deliveryDetailsSchema>;

const inOrganization = { organizationId: organizationIdSchema };

export const incidentTimelineInput = z.object({
  ...inOrganization,
  incidentId: idField("incidentId", "Incident"),
});
export type IncidentTimelineInput = z.output<typeof incidentTimelineInput>;

export const incidentTimelineSchema = z.strictObject({
  incident: incidentSchema,
  deliveries: z.array(deliveryDetailsSchema),
});
export type IncidentTimelineView = z.output<typeof incidentTimelineSchema>;

export const deliveryRefInput = z.object({
  ...inOrganization,
  deliveryId: idField("deliveryId", "Delivery"),
});
export type DeliveryRefInput = z.output<typeof deliveryRefInput>;

export const seenIdsInput = z.object({
  ...inOrganization,
  workspaceId: workspaceIdSchema.optional(),
  deploymentId: deploymentIdSchema.optional(),
});
export type SeenIdsInput = z.output<typeof seenIdsInput>;

/** At most this many of each: suggestions, not an inventory. */
export const MAX_SEEN_IDS = 200;

export const seenIdsSchema = z.strictObject({ dagIds: z.array(z.string()), taskIds: z.array(z.string()) });
export type SeenIdsView = z.output<typeof seenIdsSchema>;

const incidentColumns = z.object(incidentSchema.shape);

const detailsSelect = {
  ...deliverySelect,
  channel: { select: { name: true, kind: true } },
  attemptsLog: {
    select: { number: true, at: true, statusCode: true, error: true, retryAfterMs: true },
    orderBy: { number: "asc" },
  },
} as const;

type DetailsRow = DeliveryView & {
  channel: { name: string; kind: string };
  attemptsLog: z.output<typeof deliveryAttemptSchema>[];
};

function toDetails({ channel, attemptsLog, ...delivery }: DetailsRow): DeliveryDetailsView {
  return { ...delivery, channelName: channel.name, channelKind: channel.kind, attemptLog: attemptsLog };
}

/** An incident of a deployment with every notification sent for it, oldest first. */
export async function getIncidentTimeline(
  ctx: AlertReadContext,
  input: IncidentTimelineInput,
): Promise<IncidentTimelineView> {
  const row = await ctx.db.alertIncident.findFirst({
    where: { id: input.incidentId, organizationId: input.organizationId },
    // The incident's own columns but its organization and engine details, with its rule's name.
    omit: { organizationId: true, details: true },
    include: {
      rule: { select: { name: true } },
      deliveries: { select: detailsSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] },
    },
  });
  if (!row) throw new NotFoundError("incident");
  await authorize(ctx.db, ctx.actor, "alert.deployment.read", {
    organizationId: input.organizationId,
    deploymentId: row.deploymentId,
  });
  const { rule, deliveries, ...incident } = row;
  // Columns the view does not name (added later) are left out rather than refused.
  const view = incidentColumns.parse({ ...incident, ruleName: rule.name });
  return { incident: view, deliveries: deliveries.map(toDetails) };
}

/** One delivery (e.g. a test notification) with its attempts, read at its channel's level. */
export async function getDelivery(
  ctx: AlertReadContext,
  { organizationId, deliveryId }: DeliveryRefInput,
): Promise<DeliveryDetailsView> {
  const row = await ctx.db.alertDelivery.findFirst({
    where: { organizationId, id: deliveryId },
    select: {
      ...detailsSelect,
      channel: {
        select: { name: true, kind: true, organizationId: true, workspaceId: true, deploymentId: true },
      },
    },
  });
  if (!row) throw new NotFoundError("delivery");
  await authorizeRead(ctx, ownerPermission(row.channel, "read"));
  return toDetails(row);
}

/** DAG and task ids telemetry has seen for a deployment, or for every deployment of a workspace. */
export async function listSeenIds(ctx: AlertReadContext, input: SeenIdsInput): Promise<SeenIdsView> {
  if (!input.deploymentId && !input.workspaceId) {
    throw new ValidationError("workspaceId", "give workspaceId or deploymentId");
  }
  await authorizeRead(ctx, ownerPermission(input, "read"));
  const where = input.deploymentId
    ? { organizationId: input.organizationId, deploymentId: input.deploymentId }
    : {
        organizationId: input.organizationId,
        deploymentId: {
          in: (
            await ctx.db.deployment.findMany({
              where: {
                organizationId: input.organizationId,
                workspaceId: input.workspaceId,
                deletedAt: null,
              },
              select: { id: true },
            })
          ).map((deployment) => deployment.id),
        },
      };
  const [dags, tasks] = await Promise.all([
    ctx.db.dagRun.findMany({
      where,
      distinct: ["dagId"],
      select: { dagId: true },
      orderBy: { dagId: "asc" },
      take: MAX_SEEN_IDS,
    }),
    ctx.db.taskInstanceTry.findMany({
      where,
      distinct: ["taskId"],
      select: { taskId: true },
      orderBy: { taskId: "asc" },
      take: MAX_SEEN_IDS,
    }),
  ]);
  return { dagIds: dags.map((row) => row.dagId), taskIds: tasks.map((row) => row.taskId) };
}

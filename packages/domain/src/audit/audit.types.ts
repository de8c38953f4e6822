// The audit log: the contracts of reading it.
import type { AuditActorType } from "@skyport/db";
import { z } from "zod";
import {
  isStorableDateTime,
  organizationIdSchema,
  organizationRefSchema,
  storableDateTimeMessage,
} from "../shared/fields.types.ts";

export const AUDIT_ACTOR_TYPES = ["USER", "API_TOKEN", "SYSTEM"] as const satisfies readonly AuditActorType[];
export const AUDIT_PAGE_DEFAULT = 50;
export const AUDIT_PAGE_MAX = 200;

const filterText = (label: string, title: string) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(200, {
      error: (issue) => `${label} must be at most 200 characters (got ${String(issue.input).length})`,
    })
    .meta({ title });

/** Which events to read: the filters the audit log page, the list and the NDJSON export share. */
export const auditFiltersSchema = z.object({
  organizationId: organizationIdSchema,
  actorId: filterText("actorId", "Actor").nullish(),
  actorType: z
    .enum(AUDIT_ACTOR_TYPES, { error: `actorType must be one of ${AUDIT_ACTOR_TYPES.join(", ")}` })
    .meta({ title: "Actor type" })
    .nullish(),
  /** An exact action ("workspace.create"), or a prefix ending in "." or ".*" ("workspace."). */
  action: filterText("action", "Action").nullish(),
  /** Events naming this target id (any target of the event). */
  targetId: filterText("targetId", "Target").nullish(),
  /** Events naming a target of this type ("workspace"); with targetId, the same target. */
  targetType: filterText("targetType", "Target type").nullish(),
  /** Inclusive bounds on occurredAt. */
  from: z
    .date({ error: "from must be a date and time" })
    .refine(isStorableDateTime, { error: storableDateTimeMessage("from") })
    .meta({ title: "From" })
    .nullish(),
  to: z
    .date({ error: "to must be a date and time" })
    .refine(isStorableDateTime, { error: storableDateTimeMessage("to") })
    .meta({ title: "To" })
    .nullish(),
});
export type AuditEventFilters = z.output<typeof auditFiltersSchema>;

export const auditPageLimitSchema = z
  .number({ error: "limit must be a whole number" })
  .int({ error: "limit must be a whole number" })
  .min(1, { error: "limit must be at least 1" })
  .max(AUDIT_PAGE_MAX, { error: `limit must be at most ${AUDIT_PAGE_MAX}` });

export const listAuditEventsInput = auditFiltersSchema.extend({
  /** nextCursor from the previous page; absent for the newest events. */
  cursor: z.string().max(100, { error: "cursor is not a cursor of this list" }).nullish(),
  /** 1-200, default 50. */
  limit: auditPageLimitSchema.nullish(),
});
export type ListAuditEventsInput = z.output<typeof listAuditEventsInput>;

/** One audit event as people and exports see it. */
export const auditEventSchema = z.object({
  id: z.string(),
  sequence: z.number().int(),
  occurredAt: z.date(),
  actor: z.object({ type: z.enum(AUDIT_ACTOR_TYPES), id: z.string(), label: z.string() }),
  action: z.string(),
  targets: z.array(z.object({ type: z.string(), id: z.string(), label: z.string().optional() })),
  context: z.object({
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
  }),
  metadata: z.record(z.string(), z.unknown()),
  previousHash: z.string(),
  hash: z.string(),
});
export type AuditEventView = z.output<typeof auditEventSchema>;

export const auditEventPageSchema = z.object({
  events: z.array(auditEventSchema),
  /** Pass back as cursor for the next (older) page; null when there is none. */
  nextCursor: z.string().nullable(),
});
export type AuditEventPage = z.output<typeof auditEventPageSchema>;

export const verifyAuditLogInput = organizationRefSchema;
export const auditChainReportSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z
    .object({ sequence: z.number().int(), eventId: z.string().nullable(), reason: z.string() })
    .nullable(),
  /** Signed checkpoints outside the database: NOT_CONFIGURED without a signing or trusted key. */
  anchoring: z.object({
    status: z.enum(["NOT_CONFIGURED", "NO_CHECKPOINT_YET", "ANCHORED"]),
    checkpoints: z.number().int(),
    latest: z.object({ sequence: z.number().int(), checkpointedAt: z.string() }).nullable(),
    rejected: z.array(z.object({ key: z.string(), reason: z.string() })),
  }),
});

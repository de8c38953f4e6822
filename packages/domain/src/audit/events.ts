import type { BillingPlans } from "@skyport/config";
import type { AuditActorType, Prisma } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import { enforcePlanFeature } from "../billing/limits.ts";
import { ValidationError } from "../shared/errors.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { startsWithLiteral } from "../shared/prisma-errors.ts";
import {
  AUDIT_ACTOR_TYPES,
  AUDIT_PAGE_DEFAULT,
  AUDIT_PAGE_MAX,
  type AuditEventFilters,
  type AuditEventPage,
  type AuditEventView,
  type ListAuditEventsInput,
} from "./audit.types.ts";

export type AuditReadContext = Pick<MutationContext, "db" | "actor">;

export const AUDIT_EXPORT_BATCH = 500;
const FILTER_MAX_LENGTH = 200;

export type { AuditEventFilters, AuditEventPage, AuditEventView, ListAuditEventsInput };
export { AUDIT_ACTOR_TYPES, AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX };

/**
 * The organization's audit events, newest first, a page at a time. Only organization
 * owners read the audit log (audit.read).
 */
export async function listAuditEvents(
  ctx: AuditReadContext,
  input: ListAuditEventsInput,
): Promise<AuditEventPage> {
  const limit = parseLimit(input.limit);
  const before = input.cursor ? decodeAuditCursor(input.cursor) : null;
  const where = await authorizedWhere(ctx, input);
  const rows = await ctx.db.auditEvent.findMany({
    where: before === null ? where : { AND: [where, { sequence: { lt: before } }] },
    orderBy: { sequence: "desc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map(toAuditEventView),
    nextCursor: rows.length > limit && last ? encodeAuditCursor(last.sequence) : null,
  };
}

/**
 * Every matching event, oldest first, read in batches so an export of any size streams in
 * constant memory. Events appended after the export started are not included, so the
 * export is a consistent prefix of the chain. Authorization happens on the first read.
 */
export async function* exportAuditEvents(
  ctx: AuditReadContext & { billingPlans?: BillingPlans | null },
  filters: AuditEventFilters,
): AsyncGenerator<AuditEventView, void, undefined> {
  const where = await authorizedWhere(ctx, filters);
  // Reading the log page by page is every plan's; exporting it whole is a plan feature.
  await enforcePlanFeature(
    ctx.db,
    ctx.billingPlans,
    filters.organizationId,
    "audit_export",
    "audit log export",
  );
  const newest = await ctx.db.auditEvent.findFirst({
    where: { organizationId: filters.organizationId },
    orderBy: { sequence: "desc" },
    select: { sequence: true },
  });
  const upTo = newest?.sequence ?? 0;
  let after = 0;
  while (after < upTo) {
    const batch = await ctx.db.auditEvent.findMany({
      where: { AND: [where, { sequence: { gt: after, lte: upTo } }] },
      orderBy: { sequence: "asc" },
      take: AUDIT_EXPORT_BATCH,
    });
    for (const row of batch) yield toAuditEventView(row);
    const last = batch.at(-1);
    if (!last || batch.length < AUDIT_EXPORT_BATCH) return;
    after = last.sequence;
  }
}

/** Checks audit.read, validates the filters and builds the WHERE clause, tenant floor first. */
async function authorizedWhere(
  ctx: AuditReadContext,
  filters: AuditEventFilters,
): Promise<Prisma.AuditEventWhereInput> {
  const conditions: Prisma.AuditEventWhereInput[] = [];
  const actorId = optionalText(filters.actorId, "actorId");
  if (actorId) conditions.push({ actorId });
  if (filters.actorType) {
    if (!(AUDIT_ACTOR_TYPES as readonly string[]).includes(filters.actorType)) {
      throw new ValidationError("actorType", `choose one of ${AUDIT_ACTOR_TYPES.join(", ")}`);
    }
    conditions.push({ actorType: filters.actorType });
  }
  const action = optionalText(filters.action, "action");
  if (action) conditions.push(actionCondition(action));
  const targetId = optionalText(filters.targetId, "targetId");
  const targetType = optionalText(filters.targetType, "targetType");
  if (targetId || targetType) {
    // jsonb containment (@>): some element of targets has this id (and type).
    const element: Record<string, string> = {};
    if (targetId) element.id = targetId;
    if (targetType) element.type = targetType;
    conditions.push({ targets: { array_contains: [element] } });
  }
  const from = optionalDate(filters.from, "from");
  const to = optionalDate(filters.to, "to");
  if (from && to && from > to) throw new ValidationError("to", "must not be before from");
  if (from || to)
    conditions.push({ occurredAt: { ...(from ? { gte: from } : {}), ...(to ? { lte: to } : {}) } });

  await authorize(ctx.db, ctx.actor, "audit.read", { organizationId: filters.organizationId });
  return { organizationId: filters.organizationId, AND: conditions };
}

function actionCondition(action: string): Prisma.AuditEventWhereInput {
  if (action.endsWith(".*")) return { action: startsWithLiteral(action.slice(0, -1)) };
  if (action.endsWith(".")) return { action: startsWithLiteral(action) };
  return { action };
}

function optionalText(value: string | null | undefined, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw new ValidationError(field, "must be text");
  const text = value.trim();
  if (text.length > FILTER_MAX_LENGTH)
    throw new ValidationError(field, `use at most ${FILTER_MAX_LENGTH} characters`);
  return text || null;
}

function optionalDate(value: Date | null | undefined, field: string): Date | null {
  if (value === undefined || value === null) return null;
  if (!(value instanceof Date) || Number.isNaN(value.getTime()))
    throw new ValidationError(field, "must be a date");
  return value;
}

function parseLimit(limit: number | null | undefined): number {
  if (limit === undefined || limit === null) return AUDIT_PAGE_DEFAULT;
  if (!Number.isInteger(limit) || limit < 1 || limit > AUDIT_PAGE_MAX) {
    throw new ValidationError("limit", `must be a whole number from 1 to ${AUDIT_PAGE_MAX}`);
  }
  return limit;
}

/** Cursors are opaque to clients: base64url of the last sequence a page returned. */
export function encodeAuditCursor(sequence: number): string {
  return Buffer.from(`seq:${sequence}`, "utf8").toString("base64url");
}

export function decodeAuditCursor(cursor: string): number {
  const decoded = /^seq:(\d{1,12})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const sequence = decoded ? Number(decoded[1]) : Number.NaN;
  if (!Number.isSafeInteger(sequence) || sequence < 1) {
    throw new ValidationError(
      "cursor",
      "is not a cursor from a previous page; start again from the first page",
    );
  }
  return sequence;
}

interface AuditEventRow {
  id: string;
  sequence: number;
  occurredAt: Date;
  actorType: AuditActorType;
  actorId: string;
  actorLabel: string;
  action: string;
  targets: Prisma.JsonValue;
  context: Prisma.JsonValue;
  metadata: Prisma.JsonValue;
  previousHash: string;
  hash: string;
}

export function toAuditEventView(row: AuditEventRow): AuditEventView {
  const context = (row.context ?? {}) as Record<string, unknown>;
  return {
    id: row.id,
    sequence: row.sequence,
    occurredAt: row.occurredAt,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    action: row.action,
    targets: Array.isArray(row.targets) ? (row.targets as unknown as AuditEventView["targets"]) : [],
    context: {
      ip: typeof context.ip === "string" ? context.ip : null,
      userAgent: typeof context.userAgent === "string" ? context.userAgent : null,
      requestId: typeof context.requestId === "string" ? context.requestId : null,
    },
    metadata:
      row.metadata && typeof row.metadata === "object" && !Array.isArray(row.metadata)
        ? (row.metadata as Record<string, unknown>)
        : {},
    previousHash: row.previousHash,
    hash: row.hash,
  };
}

/**
 * An event as one NDJSON line of the export and of the SIEM stream: exactly as stored, hashes
 * included, so it can be re-verified offline.
 */
export function auditEventLine(event: AuditEventView) {
  return {
    id: event.id,
    sequence: event.sequence,
    occurredAt: event.occurredAt.toISOString(),
    actor: event.actor,
    action: event.action,
    targets: event.targets,
    context: event.context,
    metadata: event.metadata,
    previousHash: event.previousHash,
    hash: event.hash,
  };
}

import type { TransactionClient } from "@skyport/db";
import { type Actor, actorId, type RequestContext } from "../shared/actor.ts";
import { auditEventHash } from "./canonical.ts";
import { redactMetadata } from "./redact.ts";

/** What a change touched. `label` is the name people know it by: the log never shows bare ids. */
export interface AuditTarget {
  type: string;
  id: string;
  label: string;
}

export interface AuditEventInput {
  organizationId: string;
  actor: Actor;
  context: RequestContext;
  /** e.g. "workspace.create" */
  action: string;
  targets: AuditTarget[];
  metadata?: Record<string, unknown>;
}

/**
 * Appends one event to the organization's hash chain. Must run inside the transaction of
 * the change it records, so the change and its audit event commit (or roll back) together.
 * A transaction-scoped advisory lock per organization serialises appends, so sequences
 * have no gaps and each event links to the one before it.
 */
export async function recordAuditEvent(
  tx: TransactionClient,
  input: AuditEventInput,
): Promise<{ id: string; sequence: number }> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`audit:${input.organizationId}`}, 0))`;
  const last = await tx.auditEvent.findFirst({
    where: { organizationId: input.organizationId },
    orderBy: { sequence: "desc" },
    select: { sequence: true, hash: true },
  });
  const sequence = (last?.sequence ?? 0) + 1;
  const previousHash = last?.hash ?? "";
  const occurredAt = new Date();
  const fields = {
    organizationId: input.organizationId,
    sequence,
    occurredAt: occurredAt.toISOString(),
    actorType:
      input.actor.type === "apiToken" ? "API_TOKEN" : input.actor.type === "user" ? "USER" : "SYSTEM",
    actorId: actorId(input.actor),
    actorLabel: input.actor.label,
    action: input.action,
    targets: input.targets.map((t) => ({ type: t.type, id: t.id, ...(t.label ? { label: t.label } : {}) })),
    context: { ip: input.context.ip, userAgent: input.context.userAgent, requestId: input.context.requestId },
    metadata: redactMetadata(input.metadata ?? {}) as Record<string, unknown>,
    previousHash,
  } as const;
  const hash = auditEventHash(fields);
  const row = await tx.auditEvent.create({
    data: {
      ...fields,
      occurredAt,
      actorType: fields.actorType,
      targets: fields.targets,
      context: fields.context,
      metadata: fields.metadata as object,
      hash,
    },
    select: { id: true, sequence: true },
  });
  return row;
}

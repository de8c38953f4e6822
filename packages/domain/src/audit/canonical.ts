import { createHash } from "node:crypto";
import canonicalize from "canonicalize";

/** The fields of an audit event that its hash covers, in canonical (RFC 8785) JSON. */
export interface HashedAuditFields {
  organizationId: string;
  sequence: number;
  occurredAt: string;
  actorType: string;
  actorId: string;
  actorLabel: string;
  action: string;
  targets: unknown;
  context: unknown;
  metadata: unknown;
  previousHash: string;
}

/** sha256(previousHash + canonical JSON of the event), hex. The chain's first link has previousHash "". */
export function auditEventHash(fields: HashedAuditFields): string {
  const canonical = canonicalize(fields);
  if (canonical === undefined) throw new Error("audit event cannot be canonicalized");
  return createHash("sha256").update(fields.previousHash).update("\n").update(canonical).digest("hex");
}

/** The hash of an event as its row stores it (extra columns, such as its id and hash, are not covered). */
export function storedAuditEventHash(
  event: Omit<HashedAuditFields, "occurredAt"> & { occurredAt: Date },
): string {
  return auditEventHash({
    organizationId: event.organizationId,
    sequence: event.sequence,
    occurredAt: event.occurredAt.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorLabel: event.actorLabel,
    action: event.action,
    targets: event.targets,
    context: event.context,
    metadata: event.metadata,
    previousHash: event.previousHash,
  });
}

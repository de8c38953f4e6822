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

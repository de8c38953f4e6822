import type { Db } from "../authz/authorize.ts";
import { storedAuditEventHash } from "./canonical.ts";

export interface AuditChainReport {
  ok: boolean;
  /** Events examined. */
  checked: number;
  /** The first broken link, when the chain does not verify. */
  firstBroken: { sequence: number; eventId: string | null; reason: string } | null;
}

function broken(
  checked: number,
  event: { sequence: number; id: string | null },
  reason: string,
): AuditChainReport {
  return { ok: false, checked, firstBroken: { sequence: event.sequence, eventId: event.id, reason } };
}

/**
 * Walks an organization's audit chain in sequence order and reports the first link that
 * does not hold: a gap in the sequence (a row removed), a previousHash that does not match
 * the previous event's hash (removed or reordered), or a hash that does not match the
 * event's own content (altered).
 */
export async function verifyAuditChain(
  db: Db,
  organizationId: string,
  batchSize = 1000,
): Promise<AuditChainReport> {
  let expectedSequence = 1;
  let previousHash = "";
  let checked = 0;
  let cursor = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { organizationId, sequence: { gt: cursor } },
      orderBy: { sequence: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return { ok: true, checked, firstBroken: null };
    for (const event of batch) {
      if (event.sequence !== expectedSequence) {
        return broken(
          checked,
          { sequence: expectedSequence, id: null },
          `event ${expectedSequence} is missing (next present is ${event.sequence})`,
        );
      }
      if (event.previousHash !== previousHash) {
        return broken(
          checked,
          event,
          "previousHash does not match the preceding event: events were removed or reordered",
        );
      }
      if (storedAuditEventHash(event) !== event.hash) {
        return broken(checked, event, "content does not match its hash: the event was altered");
      }
      previousHash = event.hash;
      expectedSequence++;
      checked++;
      cursor = event.sequence;
    }
  }
}

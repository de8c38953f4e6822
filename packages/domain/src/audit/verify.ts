import type { Db } from "../authz/authorize.ts";
import type { CheckpointReading, SignedCheckpoint } from "./anchor.ts";
import { storedAuditEventHash } from "./canonical.ts";

export interface AuditChainReport {
  ok: boolean;
  /** Events examined. */
  checked: number;
  /** The first broken link, when the chain does not verify. */
  firstBroken: { sequence: number; eventId: string | null; reason: string } | null;
  /** What the signed checkpoints outside the database say (see anchor.ts). */
  anchoring: {
    status: "NOT_CONFIGURED" | "NO_CHECKPOINT_YET" | "ANCHORED";
    /** Checkpoints whose signature verified. */
    checkpoints: number;
    latest: { sequence: number; checkpointedAt: string } | null;
    /** Checkpoints refused (forged, untrusted key, unreadable), which count as tampering. */
    rejected: { key: string; reason: string }[];
  };
}

type Broken = NonNullable<AuditChainReport["firstBroken"]>;

function brokenAt(event: { sequence: number; id: string | null }, reason: string): Broken {
  return { sequence: event.sequence, eventId: event.id, reason };
}

/**
 * Walks an organization's audit chain in sequence order and returns the first link that does
 * not hold — a gap in the sequence (a row removed), a previousHash that does not match the
 * previous event's hash (removed or reordered), a hash that does not match the event's own
 * content (altered), or a hash that differs from a signed checkpoint (rewritten) — and the
 * last sequence it reached.
 */
async function walkChain(
  db: Db,
  organizationId: string,
  pinned: Map<number, SignedCheckpoint>,
  batchSize: number,
): Promise<{ checked: number; head: number; broken: Broken | null }> {
  let expectedSequence = 1;
  let previousHash = "";
  let checked = 0;
  for (;;) {
    const batch = await db.auditEvent.findMany({
      where: { organizationId, sequence: { gte: expectedSequence } },
      orderBy: { sequence: "asc" },
      take: batchSize,
    });
    if (batch.length === 0) return { checked, head: expectedSequence - 1, broken: null };
    for (const event of batch) {
      const fail = (broken: Broken) => ({ checked, head: expectedSequence - 1, broken });
      if (event.sequence !== expectedSequence) {
        return fail(
          brokenAt(
            { sequence: expectedSequence, id: null },
            `event ${expectedSequence} is missing (next present is ${event.sequence})`,
          ),
        );
      }
      if (event.previousHash !== previousHash) {
        return fail(
          brokenAt(
            event,
            "previousHash does not match the preceding event: events were removed or reordered",
          ),
        );
      }
      if (storedAuditEventHash(event) !== event.hash) {
        return fail(brokenAt(event, "content does not match its hash: the event was altered"));
      }
      const checkpoint = pinned.get(event.sequence);
      if (checkpoint && checkpoint.hash !== event.hash) {
        return fail(
          brokenAt(
            event,
            `differs from the signed checkpoint of ${checkpoint.checkpointedAt}: the chain was rewritten at or before this event`,
          ),
        );
      }
      previousHash = event.hash;
      expectedSequence++;
      checked++;
    }
  }
}

/**
 * Verifies an organization's audit chain, and — given the checkpoints read from outside the
 * database (null: anchoring is not configured) — that it still reaches and matches every
 * signed checkpoint, which detects the newest events being deleted or rewritten.
 */
export async function verifyAuditChain(
  db: Db,
  organizationId: string,
  checkpoints: CheckpointReading[] | null = null,
  batchSize = 1000,
): Promise<AuditChainReport> {
  const valid = (checkpoints ?? []).flatMap((reading) => (reading.valid ? [reading.checkpoint] : []));
  const rejected = (checkpoints ?? []).flatMap((reading) =>
    reading.valid ? [] : [{ key: reading.key, reason: `checkpoint ${reading.key} ${reading.reason}` }],
  );
  const pinned = new Map(valid.map((checkpoint) => [checkpoint.sequence, checkpoint]));
  const latest = valid.reduce<SignedCheckpoint | null>(
    (best, checkpoint) => (best === null || checkpoint.sequence > best.sequence ? checkpoint : best),
    null,
  );
  const walk = await walkChain(db, organizationId, pinned, batchSize);
  let broken = walk.broken;
  if (!broken && latest && latest.sequence > walk.head) {
    const first = walk.head + 1;
    const range =
      first === latest.sequence ? `event ${first} was` : `events ${first}–${latest.sequence} were`;
    broken = brokenAt(
      { sequence: first, id: null },
      `${range} removed: the signed checkpoint of ${latest.checkpointedAt} recorded the chain up to event ${latest.sequence}`,
    );
  }
  return {
    ok: broken === null && rejected.length === 0,
    checked: walk.checked,
    firstBroken: broken,
    anchoring: {
      status: checkpoints === null ? "NOT_CONFIGURED" : latest ? "ANCHORED" : "NO_CHECKPOINT_YET",
      checkpoints: valid.length,
      latest: latest ? { sequence: latest.sequence, checkpointedAt: latest.checkpointedAt } : null,
      rejected,
    },
  };
}

// Streaming the audit log to a SIEM: every event, in chain order, as NDJSON batches. The cursor
// (last sequence delivered, per organization) only moves after the receiver acknowledged a
// batch, so delivery is at-least-once and resumes where it stopped; each batch carries a stable
// id (organization and sequence range) that the receiver de-duplicates by. Each line is the
// event as `skyport audit-logs export` writes it (hash and previousHash included, so the receiver
// can check the chain itself), plus its organization.
import type { Db } from "../authz/authorize.ts";
import { auditEventLine, toAuditEventView } from "./events.ts";

export interface AuditStreamBatch {
  organizationId: string;
  /** The cursor the batch starts after. */
  after: number;
  first: number;
  last: number;
  /** Stable for the same range: the receiver's de-duplication key. */
  id: string;
  /** One JSON event per line, newline-terminated. */
  ndjson: string;
}

/** The next batch of each organization that has events past its cursor (at most `limit` events each). */
export async function pendingAuditStreamBatches(db: Db, limit = 500): Promise<AuditStreamBatch[]> {
  const behind = await db.$queryRaw<{ organizationId: string; after: number }[]>`
    SELECT h."organizationId", coalesce(c."sequence", 0) AS "after"
    FROM (SELECT "organizationId", max("sequence") AS "sequence" FROM "AuditEvent" GROUP BY 1) h
    LEFT JOIN "AuditStreamCursor" c ON c."organizationId" = h."organizationId"
    WHERE c."sequence" IS NULL OR c."sequence" < h."sequence"
    ORDER BY h."organizationId"`;
  const batches: AuditStreamBatch[] = [];
  for (const { organizationId, after } of behind) {
    const events = await db.auditEvent.findMany({
      where: { organizationId, sequence: { gt: after } },
      orderBy: { sequence: "asc" },
      take: limit,
    });
    if (events.length === 0) continue;
    const first = events[0]?.sequence ?? after + 1;
    const last = events[events.length - 1]?.sequence ?? first;
    const lines = events.map((event) =>
      JSON.stringify({ organizationId, ...auditEventLine(toAuditEventView(event)) }),
    );
    batches.push({
      organizationId,
      after,
      first,
      last,
      id: `audit_${organizationId}_${first}_${last}`,
      ndjson: `${lines.join("\n")}\n`,
    });
  }
  return batches;
}

/**
 * Moves an organization's cursor from `after` to `last` once the receiver acknowledged the
 * batch; a cursor another worker already moved is left alone (false).
 */
export async function advanceAuditStreamCursor(
  db: Db,
  batch: Pick<AuditStreamBatch, "organizationId" | "after" | "last">,
): Promise<boolean> {
  const moved = await db.$executeRaw`
    INSERT INTO "AuditStreamCursor" ("organizationId", "sequence", "updatedAt")
    VALUES (${batch.organizationId}, ${batch.last}, now())
    ON CONFLICT ("organizationId") DO UPDATE SET "sequence" = EXCLUDED."sequence", "updatedAt" = now()
    WHERE "AuditStreamCursor"."sequence" = ${batch.after}`;
  return moved === 1;
}

// Audit log anchoring jobs: sign and ship each organization's chain head to the object store
// (system.audit-checkpoint), and stream new events to the SIEM endpoint when one is configured
// (system.audit-stream). See packages/domain/src/audit/anchor.ts and stream.ts.
import type { PrismaClient } from "@skyport/db";
import {
  type AuditAnchors,
  advanceAuditStreamCursor,
  pendingAuditStreamBatches,
  writeAuditCheckpoints,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { Webhook } from "standardwebhooks";

export const AUDIT_CHECKPOINT_INTERVAL_MS = 5 * 60 * 1000;
export const AUDIT_STREAM_INTERVAL_MS = 10_000;
const SIEM_TIMEOUT_MS = 10_000;

/** system.audit-checkpoint */
export function auditCheckpointHandler(db: PrismaClient, anchors: AuditAnchors, logger: Logger) {
  return async () => {
    const result = await writeAuditCheckpoints(db, anchors);
    if (result.written > 0) logger.info({ checkpoints: result.written }, "audit checkpoints written");
    return result;
  };
}

export interface SiemTarget {
  url: string;
  /** Standard Webhooks secret (whsec_…). */
  secret: string;
}

/**
 * system.audit-stream: each organization's next batch of events, POSTed as NDJSON with a
 * Standard Webhooks signature; the cursor moves only on a 2xx. A failing receiver keeps its
 * batch (same id, same events) for the next run; other organizations still go out.
 */
export function auditStreamHandler(db: PrismaClient, target: SiemTarget, logger: Logger) {
  const signer = new Webhook(target.secret);
  return async () => {
    let delivered = 0;
    let failed = 0;
    for (const batch of await pendingAuditStreamBatches(db)) {
      const timestamp = new Date();
      try {
        const response = await fetch(target.url, {
          method: "POST",
          headers: {
            "content-type": "application/x-ndjson",
            "webhook-id": batch.id,
            "webhook-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
            "webhook-signature": signer.sign(batch.id, timestamp, batch.ndjson),
          },
          body: batch.ndjson,
          signal: AbortSignal.timeout(SIEM_TIMEOUT_MS),
        });
        await response.body?.cancel();
        if (!response.ok) throw new Error(`the SIEM endpoint answered HTTP ${response.status}`);
        await advanceAuditStreamCursor(db, batch);
        delivered += batch.last - batch.first + 1;
      } catch (error) {
        failed++;
        logger.warn(
          {
            organizationId: batch.organizationId,
            batch: batch.id,
            err: { message: (error as Error).message },
          },
          "audit stream batch not delivered; it is retried on the next run",
        );
      }
    }
    return { delivered, failedBatches: failed };
  };
}

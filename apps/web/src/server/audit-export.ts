// The audit log as NDJSON for the REST API's export operation
// (GET /api/v1/organizations/{organizationId}/audit-logs/export), which the console links to
// as well: its session cookie is accepted there like a Bearer API token.
import {
  type Actor,
  type AuditEventFilters,
  type AuditEventView,
  auditEventLine,
  exportAuditEvents,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import type { WebServices } from "./services.ts";

/** Lines per chunk handed to the response stream: big enough to be cheap, small enough to stream. */
const LINES_PER_CHUNK = 100;

export interface AuditExportScope {
  organizationId: string;
  requestId: string;
  logger: Logger;
}

/**
 * The NDJSON answer for a caller and filters already resolved (the REST API's export has
 * both from its own request handling). Authorization fails here, before the first byte, as a
 * thrown DomainError; once streaming has started, failures end the stream.
 */
export async function auditExportStream(
  services: WebServices,
  actor: Actor,
  filters: AuditEventFilters,
  scope: AuditExportScope,
): Promise<Response> {
  const iterator = exportAuditEvents(
    { db: services.db, actor, billingPlans: services.billing?.plans ?? null },
    filters,
  );
  // Pull the first event now: authorization, the plan and bad filters fail here, before streaming starts.
  const first = await iterator.next();

  const encoder = new TextEncoder();
  let pending: IteratorResult<AuditEventView, void> | null = first;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        let chunk = "";
        for (let i = 0; i < LINES_PER_CHUNK; i++) {
          const next: IteratorResult<AuditEventView, void> = pending ?? (await iterator.next());
          pending = null;
          if (next.done) {
            if (chunk) controller.enqueue(encoder.encode(chunk));
            controller.close();
            return;
          }
          chunk += `${JSON.stringify(auditEventLine(next.value))}\n`;
        }
        controller.enqueue(encoder.encode(chunk));
      } catch (error) {
        scope.logger.error({ err: { name: (error as Error).name } }, "audit export failed while streaming");
        controller.error(error);
      }
    },
    async cancel() {
      await iterator.return(undefined);
    },
  });

  const date = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    status: 200,
    headers: {
      "Content-Type": "application/x-ndjson; charset=utf-8",
      "Content-Disposition": `attachment; filename="skyport-audit-${safeFilePart(scope.organizationId)}-${date}.ndjson"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

function safeFilePart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "organization";
}

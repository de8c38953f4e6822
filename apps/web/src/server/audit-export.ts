import {
  type Actor,
  AUDIT_ACTOR_TYPES,
  type AuditEventFilters,
  type AuditEventView,
  DomainError,
  exportAuditEvents,
  UnauthenticatedError,
  ValidationError,
} from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import type { WebServices } from "./services.ts";
import { resolveActor } from "./trpc/context.ts";

const STATUS: Record<DomainError["code"], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  RATE_LIMITED: 429,
};

/** Lines per chunk handed to the response stream: big enough to be cheap, small enough to stream. */
const LINES_PER_CHUNK = 100;

export interface AuditExportScope {
  organizationId: string;
  requestId: string;
  logger: Logger;
}

/**
 * GET /api/organizations/:organizationId/audit-log/export — the audit log as NDJSON, one
 * event per line, oldest first, filtered by the same query parameters as the console page
 * (actorId, actorType, action, targetId, targetType, from, to). The caller is resolved like
 * tRPC does (Bearer API token or session cookie); the domain checks audit.read. Errors
 * before the first byte answer JSON `{ error: { code, message } }` with their status.
 */
export async function auditExportResponse(
  services: WebServices,
  request: Request,
  scope: AuditExportScope,
): Promise<Response> {
  let actor: Actor;
  let filters: AuditEventFilters;
  try {
    const resolved = await resolveActor(services, request.headers);
    if (!resolved) throw new UnauthenticatedError();
    actor = resolved;
    filters = parseExportFilters(scope.organizationId, new URL(request.url).searchParams);
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error, scope.requestId);
    throw error;
  }
  try {
    return await auditExportStream(services, actor, filters, scope);
  } catch (error) {
    if (error instanceof DomainError) return errorResponse(error, scope.requestId);
    throw error;
  }
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
  const iterator = exportAuditEvents({ db: services.db, actor }, filters);
  // Pull the first event now: authorization and bad filters fail here, before streaming starts.
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
          chunk += `${JSON.stringify(exportLine(next.value))}\n`;
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

/** One NDJSON line: the event exactly as stored (hashes included, so it can be re-verified offline). */
function exportLine(event: AuditEventView) {
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

/** Query parameters to filters; dates are ISO 8601 (the console sends toISOString()). */
export function parseExportFilters(organizationId: string, params: URLSearchParams): AuditEventFilters {
  const text = (name: string) => params.get(name)?.trim() || null;
  const date = (name: "from" | "to") => {
    const value = text(name);
    if (!value) return null;
    const parsed = new Date(value);
    if (Number.isNaN(parsed.getTime())) throw new ValidationError(name, "must be an ISO 8601 date and time");
    return parsed;
  };
  const actorType = text("actorType");
  if (actorType && !(AUDIT_ACTOR_TYPES as readonly string[]).includes(actorType)) {
    throw new ValidationError("actorType", `choose one of ${AUDIT_ACTOR_TYPES.join(", ")}`);
  }
  return {
    organizationId,
    actorId: text("actorId"),
    actorType: actorType as AuditEventFilters["actorType"],
    action: text("action"),
    targetId: text("targetId"),
    targetType: text("targetType"),
    from: date("from"),
    to: date("to"),
  };
}

function errorResponse(error: DomainError, requestId: string): Response {
  return Response.json(
    {
      error: {
        code: error.code,
        message: error.message,
        ...(error instanceof ValidationError ? { field: error.field } : {}),
        requestId,
      },
    },
    { status: STATUS[error.code], headers: { "Cache-Control": "no-store" } },
  );
}

function safeFilePart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || "organization";
}

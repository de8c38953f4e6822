import { auditExportResponse } from "@/server/audit-export.ts";
import { withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ organizationId: string }> };

/** The audit log as an NDJSON download (organization owners; session cookie or API token). */
export const GET = withRequestLog<Context>(async (request, { requestId, logger }, { params }) => {
  const { organizationId } = await params;
  return auditExportResponse(getServices(), request, { organizationId, requestId, logger });
});

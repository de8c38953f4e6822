import { withRequestLog } from "@/server/request-log.ts";
import { handleRestRequest } from "@/server/rest/handler.ts";
import { getServices } from "@/server/services.ts";

export const dynamic = "force-dynamic";

/** The public REST API; routes, validation and the OpenAPI document live in src/server/rest. */
const handler = withRequestLog((request, { requestId, logger }) =>
  handleRestRequest(request, getServices(), { requestId, logger }),
);

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };

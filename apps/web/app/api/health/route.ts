import { readHealth } from "@/server/health.ts";
import { withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";

export const dynamic = "force-dynamic";

/** Liveness and readiness: 200 when PostgreSQL and Redis answer, 503 naming what does not. */
export const GET = withRequestLog(async () => {
  const report = await readHealth(getServices());
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
});

import { verifyClerkWebhook } from "@skyport/auth";
import { clerkSettings } from "@skyport/config";
import { applyClerkWebhook } from "@skyport/domain";
import { errorResponse, HttpError, readBodyText } from "@/server/http-errors.ts";
import { withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";
import { clientIp } from "@/server/trpc/context.ts";

export const dynamic = "force-dynamic";

/**
 * Clerk → Skyport mirroring (Clerk mode only). Verifies the Svix signature over the raw
 * body, then hands the delivery to the domain, which applies it once per svix-id. A 4xx
 * makes Svix retry later; 200 tells it to stop. Failures answer the shared error envelope.
 */
export const POST = withRequestLog(async (request, { requestId }) => {
  try {
    const services = getServices();
    const clerk = clerkSettings(services.config);
    if (!clerk) throw new HttpError(404, "NOT_FOUND", "Clerk mode is not configured on this Skyport");

    // Clerk's payloads are a few kilobytes: the shared body limit is far above them.
    const rawBody = await readBodyText(request);
    const verified = verifyClerkWebhook(clerk.webhookSigningSecret, rawBody, request.headers);
    if (!verified.ok) throw new HttpError(400, "BAD_REQUEST", verified.problem);

    const outcome = await applyClerkWebhook(services.db, {
      svixId: verified.svixId,
      payload: verified.payload,
      context: {
        ip: clientIp(request.headers, services.config.SKYPORT_TRUSTED_PROXIES),
        userAgent: request.headers.get("user-agent"),
        requestId,
      },
    });
    return Response.json(outcome, { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    const answer = errorResponse(error, requestId);
    if (answer.internal) throw error; // logged once, by withRequestLog
    return answer.response;
  }
});

import { verifyClerkWebhook } from "@skyport/auth";
import { clerkSettings } from "@skyport/config";
import { applyClerkWebhook, ConflictError, ValidationError } from "@skyport/domain";
import { withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";
import { clientIp } from "@/server/trpc/context.ts";

export const dynamic = "force-dynamic";

/** Clerk's payloads are a few kilobytes; anything near this is not Clerk. */
const MAX_BODY_BYTES = 1024 * 1024;

function problem(status: number, code: string, message: string, field?: string): Response {
  return Response.json(
    { error: { code, message, ...(field ? { field } : {}) } },
    { status, headers: { "Cache-Control": "no-store" } },
  );
}

/**
 * Clerk → Skyport mirroring (Clerk mode only). Verifies the Svix signature over the raw
 * body, then hands the delivery to the domain, which applies it once per svix-id. A 4xx
 * makes Svix retry later; 200 tells it to stop.
 */
export const POST = withRequestLog(async (request, { requestId }) => {
  const services = getServices();
  const clerk = clerkSettings(services.config);
  if (!clerk) return problem(404, "NOT_FOUND", "Clerk mode is not configured on this Skyport");

  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES)
    return problem(413, "PAYLOAD_TOO_LARGE", "the body is larger than 1 MiB");
  const rawBody = await request.text();
  if (Buffer.byteLength(rawBody) > MAX_BODY_BYTES)
    return problem(413, "PAYLOAD_TOO_LARGE", "the body is larger than 1 MiB");

  const verified = verifyClerkWebhook(clerk.webhookSigningSecret, rawBody, request.headers);
  if (!verified.ok) return problem(400, "BAD_REQUEST", verified.problem);

  try {
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
    if (error instanceof ValidationError) return problem(400, "BAD_REQUEST", error.message, error.field);
    if (error instanceof ConflictError) return problem(409, "CONFLICT", error.message, error.field);
    throw error;
  }
});

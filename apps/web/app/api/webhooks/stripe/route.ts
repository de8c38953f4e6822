import { acceptStripeEvent, verifyStripeWebhook } from "@skyport/domain";
import { jobs } from "@skyport/queue";
import { errorResponse, HttpError, readBodyText } from "@/server/http-errors.ts";
import { withRequestLog } from "@/server/request-log.ts";
import { getServices } from "@/server/services.ts";

export const dynamic = "force-dynamic";

/**
 * Stripe → Skyport (billing on). Verifies the Stripe-Signature over the raw body with the
 * SDK (300 s tolerance), stores the event id once, enqueues a sync of the event's customer
 * and answers at once; the job re-reads Stripe, so the payload itself is never trusted. A
 * replayed or duplicate event is acknowledged (200) and changes nothing.
 */
export const POST = withRequestLog(async (request, { requestId }) => {
  try {
    const services = getServices();
    const billing = services.billing;
    if (!billing)
      throw new HttpError(404, "NOT_FOUND", "billing is off on this Skyport (no Stripe configuration)");
    const rawBody = await readBodyText(request);
    const verified = verifyStripeWebhook(
      billing.stripe,
      billing.webhookSecret,
      rawBody,
      request.headers.get("stripe-signature"),
    );
    if (!verified.ok) throw new HttpError(400, "BAD_REQUEST", verified.problem);
    const { accepted, stripeCustomerId } = await acceptStripeEvent(services.db, verified.event);
    if (accepted && stripeCustomerId) {
      await services.jobs
        .enqueue(jobs.billingSync, { stripeCustomerId, eventId: verified.event.id })
        .catch(async (error: unknown) => {
          // Not queued: forget the id so Stripe's retry of this event is accepted again.
          await services.db.stripeWebhookEvent.deleteMany({ where: { id: verified.event.id } });
          throw error;
        });
    }
    return Response.json(
      { received: true, duplicate: !accepted, eventType: verified.event.type },
      { headers: { "Cache-Control": "no-store" } },
    );
  } catch (error) {
    const answer = errorResponse(error, requestId);
    if (answer.internal) throw error;
    return answer.response;
  }
});

import type { PrismaClient, TransactionClient } from "@skyport/db";
import type { RequestContext } from "../shared/actor.ts";
import { ConflictError } from "../shared/errors.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import { type ClerkEvent, parseClerkEvent } from "./events.ts";
import { applyMembershipDeleted, applyMembershipUpsert } from "./memberships.ts";
import { type DeliveryAudit, deliveryAudit } from "./mirror.ts";
import { applyOrganizationDeleted, applyOrganizationUpsert } from "./organizations.ts";
import { applyUserDeleted, applyUserUpsert } from "./users.ts";

export { CLERK_WEBHOOK_ACTOR } from "./mirror.ts";

export const CLERK_WEBHOOK_SOURCE = "clerk";

/** A delivery whose Svix signature the entry point has verified. */
export interface VerifiedClerkDelivery {
  /** Svix's message id; retries of one message share it. */
  svixId: string;
  /** The parsed body; its shape is validated here. */
  payload: unknown;
  /** The webhook request, for the audit log. */
  context: RequestContext;
}

export type ClerkDeliveryOutcome =
  /** Applied; `auditEvents` changes were recorded (0 when Skyport was already up to date). */
  | { status: "processed"; eventType: string; auditEvents: number }
  /** This svix-id was processed before: nothing was done again. */
  | { status: "duplicate"; eventType: string }
  /** An event Skyport does not mirror: acknowledged, nothing written. */
  | { status: "ignored"; eventType: string };

/**
 * Mirrors one Clerk webhook delivery into Skyport's tables. Clerk is where people sign in
 * and manage their organizations; Skyport's tables stay the source of truth for roles, and
 * every change is audited with the Clerk webhook as the actor.
 *
 * Exactly once per svix-id: the delivery is recorded in WebhookDelivery in the same
 * transaction as its changes and audit events. A replay finds it and changes nothing; two
 * concurrent copies serialise on its primary key and the second becomes a duplicate.
 *
 * Throws ValidationError (a malformed field, named) or ConflictError (state that a later
 * delivery will resolve, e.g. a membership arriving before its user); neither writes
 * anything, and the webhook answers 4xx so Svix retries.
 */
export async function applyClerkWebhook(
  db: PrismaClient,
  delivery: VerifiedClerkDelivery,
): Promise<ClerkDeliveryOutcome> {
  const event = parseClerkEvent(delivery.payload);
  const eventType = event.type;
  if ("ignored" in event) return { status: "ignored", eventType };
  const seen = { where: { id: delivery.svixId }, select: { id: true } } as const;
  if (await db.webhookDelivery.findUnique(seen)) return { status: "duplicate", eventType };
  try {
    return await db.$transaction(async (tx) => {
      await tx.webhookDelivery.create({
        data: { id: delivery.svixId, source: CLERK_WEBHOOK_SOURCE, eventType },
      });
      const audit = deliveryAudit(tx, { svixId: delivery.svixId, eventType, context: delivery.context });
      await applyEvent(tx, event, audit);
      return { status: "processed" as const, eventType, auditEvents: audit.count };
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    if (await db.webhookDelivery.findUnique(seen)) return { status: "duplicate", eventType };
    // Another delivery created the same user or slug at the same moment; a retry will
    // find it and update instead.
    throw new ConflictError("a concurrent delivery changed the same rows; retry");
  }
}

async function applyEvent(tx: TransactionClient, event: ClerkEvent, audit: DeliveryAudit): Promise<void> {
  switch (event.type) {
    case "user.created":
    case "user.updated":
      return applyUserUpsert(tx, event.data, audit);
    case "user.deleted":
      return applyUserDeleted(tx, event.data.id, audit);
    case "organization.created":
    case "organization.updated":
      return applyOrganizationUpsert(tx, event.data, audit);
    case "organization.deleted":
      return applyOrganizationDeleted(tx, event.data.id, audit);
    case "organizationMembership.created":
    case "organizationMembership.updated":
      return applyMembershipUpsert(tx, event.data, audit);
    case "organizationMembership.deleted":
      return applyMembershipDeleted(tx, event.data, audit);
    default: {
      const exhaustive: never = event;
      return exhaustive;
    }
  }
}

import type { TransactionClient } from "@skyport/db";
import type { AuditTarget } from "../audit/record.ts";
import { organizationSlugCandidates } from "../organizations/slug.ts";
import type { Actor, RequestContext } from "../shared/actor.ts";
import { ConflictError } from "../shared/errors.ts";
import { auditWithoutRole } from "../shared/mutation.ts";
import type { ClerkOrganization, ClerkUser } from "./events.ts";

/** Who the audit log names for every change the Clerk webhook makes. */
export const CLERK_WEBHOOK_ACTOR: Actor = { type: "system", label: "Clerk webhook" };

/**
 * Writes the audit events of one delivery, inside its transaction. Audit chains are per
 * organization, so a change touching several organizations (a user's new email) records
 * one event in each; each carries the delivery's svix-id and event type.
 */
export interface DeliveryAudit {
  record(
    organizationId: string,
    action: string,
    targets: AuditTarget[],
    metadata?: Record<string, unknown>,
  ): Promise<void>;
  readonly count: number;
}

export function deliveryAudit(
  tx: TransactionClient,
  delivery: { svixId: string; eventType: string; context: RequestContext },
): DeliveryAudit {
  let count = 0;
  return {
    async record(organizationId, action, targets, metadata = {}) {
      await auditWithoutRole(tx, "clerk-sync", {
        organizationId,
        actor: CLERK_WEBHOOK_ACTOR,
        context: delivery.context,
        action,
        targets,
        metadata: { ...metadata, svixId: delivery.svixId, eventType: delivery.eventType },
      });
      count++;
    },
    get count() {
      return count;
    },
  };
}

import { ORGANIZATION_NAME_MAX } from "../organizations/organizations.types.ts";

export function organizationName(clerk: ClerkOrganization): string {
  const name = clerk.name.trim().replace(/\s+/g, " ").slice(0, ORGANIZATION_NAME_MAX);
  return name || clerk.slug || "Organization";
}

/** A free slug close to the one wanted; an organization keeps its own. */
export async function freeOrganizationSlug(
  tx: TransactionClient,
  wanted: string,
  organizationId: string | null,
): Promise<string> {
  for (const slug of organizationSlugCandidates(wanted)) {
    const holder = await tx.organization.findUnique({ where: { slug }, select: { id: true } });
    if (!holder || holder.id === organizationId) return slug;
  }
  throw new ConflictError(`no free handle near "${wanted}"`, "data.slug");
}

export interface MirroredOrganization {
  id: string;
  name: string;
  slug: string;
}

/** The Skyport organization mirroring a Clerk one, if Skyport has heard of it. */
export function findMirroredOrganization(
  tx: TransactionClient,
  clerkOrganizationId: string,
): Promise<MirroredOrganization | null> {
  return tx.organization.findUnique({
    where: { clerkOrganizationId },
    select: { id: true, name: true, slug: true },
  });
}

/**
 * The Skyport organization mirroring a Clerk one, created (and audited) if this is the
 * first Skyport hears of it: Svix does not guarantee order, so a membership can arrive
 * before its organization.created.
 */
export async function ensureOrganization(
  tx: TransactionClient,
  clerk: ClerkOrganization,
  audit: DeliveryAudit,
): Promise<MirroredOrganization> {
  const existing = await findMirroredOrganization(tx, clerk.id);
  if (existing) return existing;
  const name = organizationName(clerk);
  const slug = await freeOrganizationSlug(tx, clerk.slug || name, null);
  const organization = await tx.organization.create({
    data: { name, slug, clerkOrganizationId: clerk.id },
    select: { id: true, name: true, slug: true },
  });
  await audit.record(
    organization.id,
    "organization.create",
    [{ type: "organization", id: organization.id, label: name }],
    { name, slug, clerkOrganizationId: clerk.id },
  );
  return organization;
}

export interface ClerkProfile {
  email: string;
  emailVerified: boolean;
  name: string;
  image: string | null;
}

export function displayName(
  first: string | null | undefined,
  last: string | null | undefined,
  fallback: string,
) {
  const name = [first, last]
    .map((part) => part?.trim())
    .filter(Boolean)
    .join(" ");
  return name || fallback;
}

/** The fields Skyport keeps of a Clerk user: primary email (lower-cased), name, picture. */
export function profileOf(clerk: ClerkUser): ClerkProfile | null {
  const primary =
    clerk.email_addresses.find((address) => address.id === clerk.primary_email_address_id) ??
    clerk.email_addresses[0];
  if (!primary) return null;
  const email = primary.email_address.toLowerCase();
  return {
    email,
    emailVerified: primary.verification?.status === "verified",
    name: displayName(clerk.first_name, clerk.last_name, email),
    image: clerk.has_image && clerk.image_url ? clerk.image_url : null,
  };
}

/**
 * Locks the organization's owner memberships until the transaction ends and returns the
 * owners' user ids. Whoever removes or demotes an owner holds this lock first, so two
 * concurrent removals cannot both see "another owner remains" and leave none.
 */
export async function lockOwners(tx: TransactionClient, organizationId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<Array<{ userId: string }>>`
    SELECT "userId" FROM "OrganizationMembership"
    WHERE "organizationId" = ${organizationId} AND "role" = 'ORGANIZATION_OWNER'
    ORDER BY "userId"
    FOR UPDATE`;
  return rows.map((row) => row.userId);
}

/** Whether the user is the organization's only owner (call with the owners from lockOwners). */
export function isLastOwner(owners: readonly string[], userId: string): boolean {
  return owners.includes(userId) && owners.length === 1;
}

export const LAST_OWNER_REASON =
  "the last owner of an organization cannot be removed or demoted; make another member an owner first";

/**
 * Removes a member and every grant they hold through that organization (team
 * memberships, workspace and deployment roles), so nothing lingers if they rejoin.
 */
export async function removeMembership(
  tx: TransactionClient,
  organizationId: string,
  userId: string,
): Promise<void> {
  await tx.teamMembership.deleteMany({ where: { userId, team: { organizationId } } });
  await tx.workspaceRoleBinding.deleteMany({ where: { userId, organizationId } });
  await tx.deploymentRoleBinding.deleteMany({ where: { userId, organizationId } });
  await tx.organizationMembership.delete({ where: { organizationId_userId: { organizationId, userId } } });
}

import type { TransactionClient } from "@skyport/db";
import { ConflictError } from "../shared/errors.ts";
import type { ClerkMembership } from "./events.ts";
import {
  type DeliveryAudit,
  displayName,
  ensureOrganization,
  isLastOwner,
  LAST_OWNER_REASON,
  lockOwners,
  removeMembership,
} from "./mirror.ts";
import { organizationRoleFromClerk } from "./roles.ts";

const EMAIL = /^[^\s@]+@[^\s@]+$/;

/**
 * The member's Skyport user. If their user.created has not arrived yet, the membership's
 * public user data is enough to create them when its identifier is an email address
 * (user.created later fills in the rest); otherwise the delivery answers 409 and Svix
 * retries it after the user has arrived.
 */
async function ensureMember(tx: TransactionClient, data: ClerkMembership["public_user_data"]) {
  const existing = await tx.user.findUnique({
    where: { clerkUserId: data.user_id },
    select: { id: true, email: true },
  });
  if (existing) return existing;
  const email = data.identifier.trim().toLowerCase();
  if (!EMAIL.test(email) || (await tx.user.findUnique({ where: { email }, select: { id: true } })))
    throw new ConflictError(
      "the member's user has not been mirrored yet; it will be once Clerk delivers user.created",
      "data.public_user_data.user_id",
    );
  return tx.user.create({
    data: { email, name: displayName(data.first_name, data.last_name, email), clerkUserId: data.user_id },
    select: { id: true, email: true },
  });
}

/**
 * organizationMembership.created / .updated: the member's Skyport role follows their Clerk
 * role (org:admin → owner, billing → billing admin, anything else → member), except that
 * the last owner is never demoted: the change is refused and recorded instead.
 */
export async function applyMembershipUpsert(
  tx: TransactionClient,
  clerk: ClerkMembership,
  audit: DeliveryAudit,
): Promise<void> {
  const organization = await ensureOrganization(tx, clerk.organization, audit);
  const user = await ensureMember(tx, clerk.public_user_data);
  const role = organizationRoleFromClerk(clerk.role);
  const targets = [
    { type: "organization", id: organization.id, label: organization.name },
    { type: "user", id: user.id, label: user.email },
  ];
  const owners = await lockOwners(tx, organization.id);
  const membership = await tx.organizationMembership.findUnique({
    where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
    select: { role: true },
  });
  if (!membership) {
    await tx.organizationMembership.create({
      data: { organizationId: organization.id, userId: user.id, role },
    });
    await audit.record(organization.id, "organization.member.add", targets, { role, clerkRole: clerk.role });
    return;
  }
  if (membership.role === role) return;
  if (role !== "ORGANIZATION_OWNER" && isLastOwner(owners, user.id)) {
    await audit.record(organization.id, "organization.member.update.refused", targets, {
      reason: LAST_OWNER_REASON,
      role: { from: membership.role, requested: role },
      clerkRole: clerk.role,
    });
    return;
  }
  await tx.organizationMembership.update({
    where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
    data: { role },
  });
  await audit.record(organization.id, "organization.member.update", targets, {
    role: { from: membership.role, to: role },
    clerkRole: clerk.role,
  });
}

/** organizationMembership.deleted: the member leaves, unless they are the last owner. */
export async function applyMembershipDeleted(
  tx: TransactionClient,
  clerk: ClerkMembership,
  audit: DeliveryAudit,
): Promise<void> {
  const organization = await tx.organization.findUnique({
    where: { clerkOrganizationId: clerk.organization.id },
    select: { id: true, name: true },
  });
  const user = await tx.user.findUnique({
    where: { clerkUserId: clerk.public_user_data.user_id },
    select: { id: true, email: true },
  });
  if (!organization || !user) return;
  const owners = await lockOwners(tx, organization.id);
  const membership = await tx.organizationMembership.findUnique({
    where: { organizationId_userId: { organizationId: organization.id, userId: user.id } },
    select: { role: true },
  });
  if (!membership) return;
  const targets = [
    { type: "organization", id: organization.id, label: organization.name },
    { type: "user", id: user.id, label: user.email },
  ];
  if (isLastOwner(owners, user.id)) {
    await audit.record(organization.id, "organization.member.remove.refused", targets, {
      reason: LAST_OWNER_REASON,
      role: membership.role,
    });
    return;
  }
  await removeMembership(tx, organization.id, user.id);
  await audit.record(organization.id, "organization.member.remove", targets, { role: membership.role });
}

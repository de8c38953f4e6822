import type { TransactionClient } from "@skyport/db";
import { ConflictError, ValidationError } from "../shared/errors.ts";
import type { ClerkUser } from "./events.ts";
import {
  type DeliveryAudit,
  isLastOwner,
  LAST_OWNER_REASON,
  lockOwners,
  profileOf,
  removeMembership,
} from "./mirror.ts";

const USER_SELECT = { id: true, email: true, name: true, emailVerified: true, image: true } as const;

/**
 * user.created / user.updated: upsert the Skyport user by Clerk user id. A user who
 * already has a Skyport account under the same email (before Clerk mode was turned on)
 * is linked to their Clerk user, but only once Clerk has verified that address: linking
 * on an unverified address would hand the account to whoever typed it. Each organization
 * the user belongs to gets an audit event when their name or email changes.
 */
export async function applyUserUpsert(
  tx: TransactionClient,
  clerk: ClerkUser,
  audit: DeliveryAudit,
): Promise<void> {
  const profile = profileOf(clerk);
  if (!profile) throw new ValidationError("data.email_addresses", "the user has no email address");

  const current = await tx.user.findUnique({ where: { clerkUserId: clerk.id }, select: USER_SELECT });
  const holder = await tx.user.findUnique({
    where: { email: profile.email },
    select: { id: true, clerkUserId: true },
  });
  if (holder && holder.id !== current?.id) {
    if (holder.clerkUserId || current)
      // Another Skyport user has this address right now, e.g. two Clerk users swapping
      // addresses with the events arriving out of order. Svix retries a 409 later.
      throw new ConflictError("another user already has this email address", "data.email_addresses");
    if (!profile.emailVerified)
      throw new ConflictError(
        "a Skyport account with this email exists; it is linked once Clerk has verified the address",
        "data.email_addresses",
      );
  }

  const before =
    current ?? (holder ? await tx.user.findUnique({ where: { id: holder.id }, select: USER_SELECT }) : null);
  if (!before) {
    // A new person: they have no organization yet, so there is no organization-scoped
    // audit chain to record this in; their memberships are recorded as they arrive.
    await tx.user.create({ data: { ...profile, clerkUserId: clerk.id } });
    return;
  }

  const changed = (["email", "name", "emailVerified", "image"] as const).filter(
    (field) => before[field] !== profile[field],
  );
  const linked = !current;
  if (changed.length === 0 && !linked) return;
  await tx.user.update({ where: { id: before.id }, data: { ...profile, clerkUserId: clerk.id } });

  const memberships = await tx.organizationMembership.findMany({
    where: { userId: before.id },
    select: { organizationId: true },
    orderBy: { organizationId: "asc" },
  });
  for (const { organizationId } of memberships) {
    await audit.record(
      organizationId,
      "user.update",
      [{ type: "user", id: before.id, label: profile.email }],
      {
        changed,
        ...(changed.includes("email") ? { email: { from: before.email, to: profile.email } } : {}),
        ...(linked ? { linkedToClerkUser: clerk.id } : {}),
      },
    );
  }
}

/**
 * user.deleted: the person leaves every organization and loses their sessions; the user
 * row goes too, unless they are the last owner of an organization. Then the membership
 * and the user are kept (an organization without an owner could not be managed) and the
 * refusal is recorded in that organization's audit log.
 */
export async function applyUserDeleted(
  tx: TransactionClient,
  clerkUserId: string,
  audit: DeliveryAudit,
): Promise<void> {
  const user = await tx.user.findUnique({ where: { clerkUserId }, select: { id: true, email: true } });
  if (!user) return;
  const target = { type: "user", id: user.id, label: user.email };
  const memberships = await tx.organizationMembership.findMany({
    where: { userId: user.id },
    select: { organizationId: true, role: true },
    // One lock order across deliveries, so concurrent ones cannot deadlock.
    orderBy: { organizationId: "asc" },
  });
  let kept = 0;
  for (const membership of memberships) {
    const owners =
      membership.role === "ORGANIZATION_OWNER" ? await lockOwners(tx, membership.organizationId) : [];
    if (isLastOwner(owners, user.id)) {
      kept++;
      await audit.record(membership.organizationId, "organization.member.remove.refused", [target], {
        reason: `${LAST_OWNER_REASON}; the user was deleted in Clerk, so Skyport keeps the user and this membership`,
        role: membership.role,
      });
      continue;
    }
    await removeMembership(tx, membership.organizationId, user.id);
    await audit.record(membership.organizationId, "organization.member.remove", [target], {
      role: membership.role,
      reason: "the user was deleted in Clerk",
    });
  }
  await tx.session.deleteMany({ where: { userId: user.id } });
  if (kept === 0) await tx.user.delete({ where: { id: user.id } });
}

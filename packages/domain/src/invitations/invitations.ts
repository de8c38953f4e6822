import { hashPassword } from "@skyport/auth";
import type { InvitationStatus, OrganizationRole } from "@skyport/db";
import { type JobProducer, jobs } from "@skyport/queue";
import { authorize, type Db } from "../authz/authorize.ts";
import { normalizeName, validatePassword } from "../identity/credentials.ts";
import {
  assertEmailFree,
  insertUserWithPassword,
  type SignUpContext,
  userActorOf,
} from "../identity/sign-up.ts";
import type { Actor } from "../shared/actor.ts";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { auditWithoutRole, type MutationContext, mutate, mutateWithoutRole } from "../shared/mutation.ts";
import { mapPage, type Page, type PageRequest, readPage } from "../shared/pagination.ts";
import type {
  InvitationPreview,
  InvitationRef,
  InvitationSent,
  InvitationView,
  InviteMemberInput,
} from "./invitations.types.ts";
import {
  expiresAtSeconds,
  INVITATION_TTL_MS,
  type InvitationLinkClaims,
  verifyInvitationToken,
} from "./signing.ts";

/** What inviting needs besides the database: the queue that sends the email. */
export interface InvitationMail {
  jobs: Pick<JobProducer, "enqueue">;
}

export type { InvitationPreview, InvitationView };

const viewSelect = {
  id: true,
  email: true,
  role: true,
  status: true,
  expiresAt: true,
  createdAt: true,
  invitedBy: { select: { name: true, email: true } },
} as const;

function toView(row: Omit<InvitationView, "expired">, now = new Date()): InvitationView {
  return { ...row, expired: row.expiresAt <= now };
}

/** Queues the invitation email. Runs after the commit: slow or failing Redis never holds a transaction. */
async function queueInvitationEmail(
  mail: InvitationMail,
  invitation: { id: string; expiresAt: Date },
): Promise<boolean> {
  try {
    await mail.jobs.enqueue(jobs.invitationEmail, {
      invitationId: invitation.id,
      linkExpiresAt: expiresAtSeconds(invitation.expiresAt),
    });
    return true;
  } catch {
    // The invitation stands; the console offers "Resend" when the email could not be queued.
    return false;
  }
}

/**
 * Invites a person by email with an organization role. The invitation is valid for seven
 * days; the email (with its signed link) is sent by the worker.
 */
export async function inviteMember(
  ctx: MutationContext,
  input: InviteMemberInput,
  mail: InvitationMail,
): Promise<InvitationSent> {
  const { organizationId, email, role } = input;
  const invitedById =
    ctx.actor.type === "user"
      ? ctx.actor.userId
      : ctx.actor.type === "apiToken"
        ? ctx.actor.createdById
        : null;

  const invitation = await mutate(
    ctx,
    { permission: "organization.member.invite", resource: { organizationId } },
    async (tx) => {
      // Serialises invitations to one organization, so two owners cannot invite the same email twice.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`invitations:${organizationId}`}, 0))`;
      const member = await tx.organizationMembership.findFirst({
        where: { organizationId, user: { email } },
        select: { id: true },
      });
      if (member) throw new ConflictError(`${email} is already a member of this organization`, "email");
      const pending = await tx.invitation.findFirst({
        where: { organizationId, email, status: "PENDING" },
        select: { id: true },
      });
      if (pending) {
        throw new ConflictError(
          `${email} already has a pending invitation; resend or revoke it instead`,
          "email",
        );
      }
      const created = await tx.invitation.create({
        data: {
          organizationId,
          email,
          role,
          invitedById: invitedById ?? null,
          expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
        },
        select: viewSelect,
      });
      return {
        result: created,
        audit: {
          action: "organization.member.invite",
          targets: [{ type: "invitation", id: created.id, label: email }],
          metadata: { email, role },
        },
      };
    },
  );
  const emailQueued = await queueInvitationEmail(mail, invitation);
  return { invitation: toView(invitation), emailQueued };
}

/** A page of pending invitations in id order (expired ones included, marked, so they can be resent or revoked). */
export async function listInvitations(
  db: Db,
  actor: Actor,
  organizationId: string,
  page: PageRequest = {},
): Promise<Page<InvitationView>> {
  await authorize(db, actor, "organization.member.invite", { organizationId });
  const rows = await readPage(
    page,
    ({ where, ...order }) =>
      db.invitation.findMany({
        where: { organizationId, status: "PENDING", ...where },
        select: viewSelect,
        ...order,
      }),
    (row) => row.id,
  );
  const now = new Date();
  return mapPage(rows, (row) => toView(row, now));
}

async function findPendingInvitation(db: Db, organizationId: string, invitationId: string) {
  const invitation = await db.invitation.findFirst({
    where: { id: invitationId, organizationId },
    select: viewSelect,
  });
  if (!invitation) throw new NotFoundError("invitation");
  if (invitation.status !== "PENDING") {
    throw new ConflictError(`this invitation was already ${invitation.status.toLowerCase()}`, "invitationId");
  }
  return invitation;
}

export async function revokeInvitation(ctx: MutationContext, input: InvitationRef): Promise<InvitationView> {
  const { organizationId, invitationId } = input;
  return mutate(
    ctx,
    { permission: "organization.member.invite", resource: { organizationId } },
    async (tx) => {
      const invitation = await findPendingInvitation(tx, organizationId, invitationId);
      const updated = await tx.invitation.updateMany({
        where: { id: invitation.id, organizationId, status: "PENDING" },
        data: { status: "REVOKED" },
      });
      if (updated.count !== 1)
        throw new ConflictError("this invitation was accepted or revoked meanwhile", "invitationId");
      return {
        result: toView({ ...invitation, status: "REVOKED" }),
        audit: {
          action: "organization.invitation.revoke",
          targets: [{ type: "invitation", id: invitation.id, label: invitation.email }],
          metadata: { email: invitation.email, role: invitation.role },
        },
      };
    },
  );
}

/** Sends the invitation again with a fresh seven-day link; earlier links stop working. */
export async function resendInvitation(
  ctx: MutationContext,
  input: InvitationRef,
  mail: InvitationMail,
): Promise<InvitationSent> {
  const { organizationId, invitationId } = input;
  const invitation = await mutate(
    ctx,
    { permission: "organization.member.invite", resource: { organizationId } },
    async (tx) => {
      const current = await findPendingInvitation(tx, organizationId, invitationId);
      // A link's expiry is in whole seconds; make sure the renewed one differs from the last.
      const expiresAt = new Date(
        Math.max(Date.now() + INVITATION_TTL_MS, current.expiresAt.getTime() + 1_000),
      );
      const renewed = await tx.invitation.update({
        where: { id: current.id },
        data: { expiresAt },
        select: viewSelect,
      });
      return {
        result: renewed,
        audit: {
          action: "organization.invitation.resend",
          targets: [{ type: "invitation", id: current.id, label: current.email }],
          metadata: { email: current.email, role: current.role },
        },
      };
    },
  );
  const emailQueued = await queueInvitationEmail(mail, invitation);
  return { invitation: toView(invitation), emailQueued };
}

type LinkState = InvitationPreview["state"];

function linkState(
  invitation: { status: InvitationStatus; expiresAt: Date },
  claims: InvitationLinkClaims,
  now: Date,
): LinkState {
  if (invitation.status === "ACCEPTED") return "accepted";
  if (invitation.status === "REVOKED") return "revoked";
  if (expiresAtSeconds(invitation.expiresAt) !== claims.expiresAt) return "superseded";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

const LINK_REFUSALS: Record<Exclude<LinkState, "pending">, string> = {
  expired: "this invitation has expired; ask an owner of the organization to resend it",
  accepted: "this invitation has already been used",
  revoked: "this invitation was revoked by the organization",
  superseded: "a newer invitation link was sent for this invitation; use the most recent email",
};

async function loadByToken(db: Db, secret: string, token: string) {
  const claims = verifyInvitationToken(secret, token);
  const invitation = await db.invitation.findUnique({
    where: { id: claims.invitationId },
    include: {
      organization: { select: { id: true, name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (!invitation) throw new NotFoundError("invitation");
  return { claims, invitation };
}

/** Usable invitations only: every other state is refused with its own explanation. */
async function loadUsableByToken(db: Db, secret: string, token: string) {
  const loaded = await loadByToken(db, secret, token);
  const state = linkState(loaded.invitation, loaded.claims, new Date());
  if (state !== "pending") throw new ConflictError(LINK_REFUSALS[state], "token");
  return loaded;
}

/**
 * What a signed link invites to, for the accept page. Public: the signature is the
 * credential, and it reveals only what the email itself said.
 */
export async function previewInvitation(db: Db, secret: string, token: string): Promise<InvitationPreview> {
  const { claims, invitation } = await loadByToken(db, secret, token);
  const state = linkState(invitation, claims, new Date());
  const account = await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  return {
    organizationName: invitation.organization.name,
    email: invitation.email,
    role: invitation.role,
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt,
    state,
    problem: state === "pending" ? null : LINK_REFUSALS[state],
    accountExists: account !== null,
  };
}

/** Marks the invitation used; exactly one concurrent acceptance wins. */
async function markAccepted(tx: Db, invitationId: string, userId: string): Promise<void> {
  const updated = await tx.invitation.updateMany({
    where: { id: invitationId, status: "PENDING" },
    data: { status: "ACCEPTED", acceptedAt: new Date(), acceptedById: userId },
  });
  if (updated.count !== 1) throw new ConflictError(LINK_REFUSALS.accepted, "token");
}

/** A signed-in person accepts an invitation sent to their own email address. */
export async function acceptInvitation(
  ctx: MutationContext,
  input: { token: string },
  secret: string,
): Promise<{ organizationId: string; role: OrganizationRole }> {
  if (ctx.actor.type !== "user") throw new UnauthenticatedError("sign in as the invited person to accept");
  const userId = ctx.actor.userId;
  const { invitation } = await loadUsableByToken(ctx.db, secret, input.token);
  const user = await ctx.db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) throw new UnauthenticatedError();
  if (user.email !== invitation.email) {
    throw new ForbiddenError(
      `this invitation was sent to ${invitation.email}, but you are signed in as ${user.email}; sign in with the invited email to accept it`,
    );
  }
  return mutateWithoutRole(ctx, "invitation-acceptance", async (tx) => {
    const existing = await tx.organizationMembership.findUnique({
      where: { organizationId_userId: { organizationId: invitation.organizationId, userId } },
      select: { id: true },
    });
    if (existing) throw new ConflictError("you are already a member of this organization", "token");
    await markAccepted(tx, invitation.id, userId);
    await tx.organizationMembership.create({
      data: { organizationId: invitation.organizationId, userId, role: invitation.role },
    });
    return {
      result: { organizationId: invitation.organizationId, role: invitation.role },
      audit: {
        organizationId: invitation.organizationId,
        action: "organization.member.join",
        targets: [
          { type: "user", id: userId, label: user.email },
          { type: "invitation", id: invitation.id, label: invitation.email },
        ],
        metadata: { role: invitation.role },
      },
    };
  });
}

/**
 * Signs a person up through an invitation: the account gets the invited email, and instead
 * of a new organization they join the inviting one with the invited role. One transaction;
 * the invitation is used up.
 */
export async function signUpWithInvitation(
  ctx: SignUpContext,
  input: { token: string; password: string; name: string },
  secret: string,
): Promise<{ user: { id: string; email: string; name: string }; organizationId: string }> {
  await ctx.rateLimiter?.beginSignUp(ctx.context.ip);
  const { invitation } = await loadUsableByToken(ctx.db, secret, input.token);
  const email = invitation.email;
  const name = normalizeName(input.name);
  validatePassword(input.password, email);
  await assertEmailFree(ctx.db, email);
  const passwordHash = await hashPassword(input.password);

  return ctx.db.$transaction(async (tx) => {
    const user = await insertUserWithPassword(tx, { email, name, passwordHash });
    await markAccepted(tx, invitation.id, user.id);
    await tx.organizationMembership.create({
      data: { organizationId: invitation.organizationId, userId: user.id, role: invitation.role },
    });
    await auditWithoutRole(tx, "invitation-acceptance", {
      organizationId: invitation.organizationId,
      actor: userActorOf(user),
      context: ctx.context,
      action: "organization.member.join",
      targets: [
        { type: "user", id: user.id, label: user.email },
        { type: "invitation", id: invitation.id, label: invitation.email },
      ],
      metadata: { role: invitation.role, via: "sign-up" },
    });
    return { user, organizationId: invitation.organizationId };
  });
}

/** For the worker: what the invitation email needs, or null when it should not be sent. */
export async function loadInvitationForEmail(
  db: Db,
  invitationId: string,
  linkExpiresAt: number,
): Promise<{
  email: string;
  role: OrganizationRole;
  organizationId: string;
  organizationName: string;
  invitedBy: { name: string; email: string } | null;
  expiresAt: Date;
} | null> {
  const invitation = await db.invitation.findUnique({
    where: { id: invitationId },
    include: {
      organization: { select: { name: true } },
      invitedBy: { select: { name: true, email: true } },
    },
  });
  if (invitation?.status !== "PENDING") return null;
  // A resend renewed the link: that send's own job delivers the current one.
  if (expiresAtSeconds(invitation.expiresAt) !== linkExpiresAt) return null;
  if (invitation.expiresAt <= new Date()) return null;
  return {
    email: invitation.email,
    role: invitation.role,
    organizationId: invitation.organizationId,
    organizationName: invitation.organization.name,
    invitedBy: invitation.invitedBy,
    expiresAt: invitation.expiresAt,
  };
}

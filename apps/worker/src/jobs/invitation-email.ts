import type { PrismaClient } from "@skyport/db";
import { invitationLink, loadInvitationForEmail, signInvitationToken } from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import { invitationEmail, type Mailer } from "@skyport/mail";
import { jobs } from "@skyport/queue";
import type { Job } from "bullmq";

const ROLE_LABELS = {
  ORGANIZATION_OWNER: "an owner",
  ORGANIZATION_BILLING_ADMIN: "a billing admin",
  ORGANIZATION_MEMBER: "a member",
} as const;

export interface InvitationEmailDependencies {
  db: PrismaClient;
  mailer: Mailer;
  logger: Logger;
  /** Signs the accept link (SKYPORT_SECRET). */
  secret: string;
  /** The console's public URL the link points at. */
  publicUrl: string;
}

/**
 * Sends one invitation email. The signed link is rebuilt here from the invitation's id and
 * expiry (nothing secret is stored or queued). Invitations that were accepted, revoked,
 * expired or re-sent since the job was queued are skipped: retries never send a stale link.
 */
export function invitationEmailHandler(deps: InvitationEmailDependencies) {
  return async (job: Job) => {
    const payload = jobs.invitationEmail.payload.parse(job.data);
    const invitation = await loadInvitationForEmail(deps.db, payload.invitationId, payload.linkExpiresAt);
    if (!invitation) {
      deps.logger.info({ invitationId: payload.invitationId }, "invitation email skipped: no longer pending");
      return { sent: false };
    }
    const token = signInvitationToken(deps.secret, {
      invitationId: payload.invitationId,
      expiresAt: payload.linkExpiresAt,
    });
    const sent = await deps.mailer.send(
      invitationEmail({
        to: invitation.email,
        organizationId: invitation.organizationId,
        organizationName: invitation.organizationName,
        inviterName: invitation.invitedBy?.name ?? null,
        roleLabel: ROLE_LABELS[invitation.role],
        acceptUrl: invitationLink(deps.publicUrl, token),
        expiresAt: invitation.expiresAt,
      }),
    );
    return { sent: true, delivery: sent.delivery, messageId: sent.messageId };
  };
}

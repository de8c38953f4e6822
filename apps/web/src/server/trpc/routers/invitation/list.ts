import { invitationSchema, listInvitations, listInvitationsInput } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

/** Pending invitations, expired ones marked. */
export const invitationList = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(listInvitationsInput)
  .output(z.array(invitationSchema))
  .query(({ ctx, input }) => listInvitations(ctx.domain.db, ctx.domain.actor, input.organizationId));

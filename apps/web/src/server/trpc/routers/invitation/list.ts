import { invitationSchema, listInvitations, listInvitationsInput, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of pending invitations, expired ones marked. */
export const invitationList = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(listInvitationsInput)
  .output(outputView(pageSchema(invitationSchema)))
  .query(({ ctx, input }) => listInvitations(ctx.domain.db, ctx.domain.actor, input.organizationId, input));

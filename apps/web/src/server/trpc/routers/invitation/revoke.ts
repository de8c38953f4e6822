import { invitationRefSchema, invitationSchema, revokeInvitation } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The link stops working at once. */
export const invitationRevoke = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationRefSchema)
  .output(outputView(invitationSchema))
  .mutation(({ ctx, input }) => revokeInvitation(ctx.domain, input));

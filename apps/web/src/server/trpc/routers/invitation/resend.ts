import { invitationRefSchema, invitationSentSchema, resendInvitation } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Sends a fresh seven-day link; earlier links stop working. */
export const invitationResend = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationRefSchema)
  .output(outputView(invitationSentSchema))
  .mutation(({ ctx, input }) => resendInvitation(ctx.domain, input, { jobs: ctx.services.jobs }));

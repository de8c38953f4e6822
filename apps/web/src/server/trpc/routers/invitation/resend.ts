import { resendInvitation } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { invitationIdSchema, invitationSentSchema } from "./schemas.ts";

export const invitationResendInput = z.object({
  organizationId: organizationIdSchema,
  invitationId: invitationIdSchema,
});
export const invitationResendOutput = invitationSentSchema;

/** Sends a fresh seven-day link; earlier links stop working. */
export const invitationResend = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationResendInput)
  .output(invitationResendOutput)
  .mutation(({ ctx, input }) => resendInvitation(ctx.domain, input, { jobs: ctx.services.jobs }));

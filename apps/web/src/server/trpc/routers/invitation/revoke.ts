import { revokeInvitation } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { invitationIdSchema, invitationSchema } from "./schemas.ts";

export const invitationRevokeInput = z.object({
  organizationId: organizationIdSchema,
  invitationId: invitationIdSchema,
});
export const invitationRevokeOutput = invitationSchema;

/** The link stops working at once. */
export const invitationRevoke = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationRevokeInput)
  .output(invitationRevokeOutput)
  .mutation(({ ctx, input }) => revokeInvitation(ctx.domain, input));

import { inviteMember } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { invitationSentSchema } from "./schemas.ts";

// Email and role are checked by the domain, which names the field and the accepted values.
export const invitationCreateInput = z.object({
  organizationId: organizationIdSchema,
  email: z.string().max(320, "is too long"),
  role: z.string().max(64, "is not a role"),
});
export const invitationCreateOutput = invitationSentSchema;

/** Invites a person by email; the worker sends the signed, seven-day link. */
export const invitationCreate = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationCreateInput)
  .output(invitationCreateOutput)
  .mutation(({ ctx, input }) => inviteMember(ctx.domain, input, { jobs: ctx.services.jobs }));

import { invitationSentSchema, inviteMember, inviteMemberInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Invites a person by email; the worker sends the signed, seven-day link. */
export const invitationCreate = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(inviteMemberInput)
  .output(outputView(invitationSentSchema))
  .mutation(({ ctx, input }) => inviteMember(ctx.domain, input, { jobs: ctx.services.jobs }));

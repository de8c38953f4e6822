import { removedMemberSchema, removeMember, removeMemberInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Removes a member with their workspace, deployment and team roles; the last owner cannot be removed. */
export const memberRemove = protectedProcedure
  .meta({ permission: "organization.member.remove" })
  .input(removeMemberInput)
  .output(outputView(removedMemberSchema))
  .mutation(({ ctx, input }) => removeMember(ctx.domain, input));

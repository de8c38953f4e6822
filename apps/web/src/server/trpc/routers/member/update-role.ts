import { memberSchema, updateMemberRole, updateMemberRoleInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Changes a member's organization role; the last owner cannot be demoted. */
export const memberUpdateRole = protectedProcedure
  .meta({ permission: "organization.member.update" })
  .input(updateMemberRoleInput)
  .output(outputView(memberSchema))
  .mutation(({ ctx, input }) => updateMemberRole(ctx.domain, input));

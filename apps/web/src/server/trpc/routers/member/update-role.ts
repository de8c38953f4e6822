import { updateMemberRole } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { memberSchema, userIdSchema } from "./schemas.ts";

// The role is checked by the domain, which names the accepted roles in its error.
export const memberUpdateRoleInput = z.object({
  organizationId: organizationIdSchema,
  userId: userIdSchema,
  role: z.string().max(64, "is not a role"),
});
export const memberUpdateRoleOutput = memberSchema;

/** Changes a member's organization role; the last owner cannot be demoted. */
export const memberUpdateRole = protectedProcedure
  .meta({ permission: "organization.member.update" })
  .input(memberUpdateRoleInput)
  .output(memberUpdateRoleOutput)
  .mutation(({ ctx, input }) => updateMemberRole(ctx.domain, input));

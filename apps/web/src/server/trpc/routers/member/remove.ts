import { removeMember } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { userIdSchema } from "./schemas.ts";

export const memberRemoveInput = z.object({ organizationId: organizationIdSchema, userId: userIdSchema });
export const memberRemoveOutput = z.object({ userId: z.string() });

/** Removes a member with their workspace, deployment and team roles; the last owner cannot be removed. */
export const memberRemove = protectedProcedure
  .meta({ permission: "organization.member.remove" })
  .input(memberRemoveInput)
  .output(memberRemoveOutput)
  .mutation(({ ctx, input }) => removeMember(ctx.domain, input));

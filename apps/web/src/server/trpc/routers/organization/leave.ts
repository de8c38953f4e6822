import { leaveOrganization } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "./schemas.ts";

export const organizationLeaveInput = z.object({ organizationId: organizationIdSchema });
export const organizationLeaveOutput = z.object({ organizationId: z.string() });

/** The signed-in person leaves; the last owner cannot. */
export const organizationLeave = protectedProcedure
  .meta({ permission: "organization.leave" })
  .input(organizationLeaveInput)
  .output(organizationLeaveOutput)
  .mutation(({ ctx, input }) => leaveOrganization(ctx.domain, input));

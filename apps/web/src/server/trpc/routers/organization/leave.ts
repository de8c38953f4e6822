import { leaveOrganization, leaveOrganizationInput, leftOrganizationSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** The signed-in person leaves; the last owner cannot. */
export const organizationLeave = protectedProcedure
  .meta({ permission: "organization.leave" })
  .input(leaveOrganizationInput)
  .output(outputView(leftOrganizationSchema))
  .mutation(({ ctx, input }) => leaveOrganization(ctx.domain, input));

import { acceptInvitation } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationRoleSchema } from "../organization/schemas.ts";
import { invitationTokenSchema } from "./schemas.ts";

export const invitationAcceptInput = z.object({ token: invitationTokenSchema });
export const invitationAcceptOutput = z.object({ organizationId: z.string(), role: organizationRoleSchema });

/**
 * A signed-in person joins through an invitation sent to their email. "authenticated": the
 * caller has no role in the organization yet; the signed link and the matching email are
 * what the domain checks.
 */
export const invitationAccept = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(invitationAcceptInput)
  .output(invitationAcceptOutput)
  .mutation(({ ctx, input }) => acceptInvitation(ctx.domain, input, ctx.services.config.SKYPORT_SECRET));

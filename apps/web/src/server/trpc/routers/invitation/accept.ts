import { acceptInvitation, invitationAcceptedSchema, invitationLinkInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/**
 * A signed-in person joins through an invitation sent to their email. "authenticated": the
 * caller has no role in the organization yet; the signed link and the matching email are
 * what the domain checks.
 */
export const invitationAccept = protectedProcedure
  .meta({ permission: "authenticated" })
  .input(invitationLinkInput)
  .output(outputView(invitationAcceptedSchema))
  .mutation(({ ctx, input }) => acceptInvitation(ctx.domain, input, ctx.services.config.SKYPORT_SECRET));

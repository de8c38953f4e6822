import { invitationLinkInput, invitationPreviewSchema, previewInvitation } from "@skyport/domain";
import { outputView, publicProcedure } from "../../init.ts";

/** What a signed invitation link invites to. Public: the link's signature is the credential. */
export const invitationPreview = publicProcedure
  .meta({ permission: "public" })
  .input(invitationLinkInput)
  .output(outputView(invitationPreviewSchema))
  .query(({ ctx, input }) =>
    previewInvitation(ctx.services.db, ctx.services.config.SKYPORT_SECRET, input.token),
  );

import { previewInvitation } from "@skyport/domain";
import { z } from "zod";
import { publicProcedure } from "../../init.ts";
import { organizationRoleSchema } from "../organization/schemas.ts";
import { invitationTokenSchema } from "./schemas.ts";

export const invitationPreviewInput = z.object({ token: invitationTokenSchema });
export const invitationPreviewOutput = z.object({
  organizationName: z.string(),
  email: z.string(),
  role: organizationRoleSchema,
  invitedBy: z.object({ name: z.string(), email: z.string() }).nullable(),
  expiresAt: z.date(),
  state: z.enum(["pending", "expired", "accepted", "revoked", "superseded"]),
  problem: z.string().nullable(),
  accountExists: z.boolean(),
});

/** What a signed invitation link invites to. Public: the link's signature is the credential. */
export const invitationPreview = publicProcedure
  .meta({ permission: "public" })
  .input(invitationPreviewInput)
  .output(invitationPreviewOutput)
  .query(({ ctx, input }) =>
    previewInvitation(ctx.services.db, ctx.services.config.SKYPORT_SECRET, input.token),
  );

import { listInvitations, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { invitationSchema } from "./schemas.ts";

export const invitationListInput = z.object({ organizationId: organizationIdSchema, ...pageInputShape });
export const invitationListOutput = pageSchema(invitationSchema);

/** A page of pending invitations, expired ones marked. */
export const invitationList = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationListInput)
  .output(invitationListOutput)
  .query(({ ctx, input }) => listInvitations(ctx.domain.db, ctx.domain.actor, input.organizationId, input));

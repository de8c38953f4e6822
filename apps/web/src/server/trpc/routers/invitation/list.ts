import { listInvitations } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { invitationSchema } from "./schemas.ts";

export const invitationListInput = z.object({ organizationId: organizationIdSchema });
export const invitationListOutput = z.array(invitationSchema);

/** Pending invitations, expired ones marked. */
export const invitationList = protectedProcedure
  .meta({ permission: "organization.member.invite" })
  .input(invitationListInput)
  .output(invitationListOutput)
  .query(({ ctx, input }) => listInvitations(ctx.domain.db, ctx.domain.actor, input.organizationId));

import { listMembers, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema } from "../organization/schemas.ts";
import { memberSchema } from "./schemas.ts";

export const memberListInput = z.object({ organizationId: organizationIdSchema, ...pageInputShape });
export const memberListOutput = pageSchema(memberSchema);

/** A page of the organization's members and their roles. */
export const memberList = protectedProcedure
  .meta({ permission: "organization.member.list" })
  .input(memberListInput)
  .output(memberListOutput)
  .query(({ ctx, input }) => listMembers(ctx.domain.db, ctx.domain.actor, input.organizationId, input));

import { listMembers, listMembersInput, memberSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

export const memberList = protectedProcedure
  .meta({ permission: "organization.member.list" })
  .input(listMembersInput)
  .output(z.array(memberSchema))
  .query(({ ctx, input }) => listMembers(ctx.domain.db, ctx.domain.actor, input.organizationId));

import { listMembers, listMembersInput, memberSchema, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of the organization's members and their roles. */
export const memberList = protectedProcedure
  .meta({ permission: "organization.member.list" })
  .input(listMembersInput)
  .output(outputView(pageSchema(memberSchema)))
  .query(({ ctx, input }) => listMembers(ctx.domain.db, ctx.domain.actor, input.organizationId, input));

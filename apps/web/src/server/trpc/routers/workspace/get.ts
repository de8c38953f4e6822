import { getWorkspace } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { idSchema, organizationIdSchema, workspaceSummarySchema } from "./schemas.ts";

export const workspaceGetInput = z.object({ organizationId: organizationIdSchema, workspaceId: idSchema });
export const workspaceGetOutput = workspaceSummarySchema.extend({
  deploymentCount: z.number().int(),
  can: z.object({ update: z.boolean(), delete: z.boolean(), manageMembers: z.boolean() }),
});

export const workspaceGet = protectedProcedure
  .meta({ permission: "workspace.read" })
  .input(workspaceGetInput)
  .output(workspaceGetOutput)
  .query(({ ctx, input }) => getWorkspace(ctx.domain, input));

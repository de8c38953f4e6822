import { createWorkspace } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { descriptionSchema, nameSchema, organizationIdSchema, workspaceSummarySchema } from "./schemas.ts";

export const workspaceCreateInput = z.object({
  organizationId: organizationIdSchema,
  name: nameSchema,
  description: descriptionSchema.optional(),
});
export const workspaceCreateOutput = workspaceSummarySchema;

export const workspaceCreate = protectedProcedure
  .meta({ permission: "workspace.create" })
  .input(workspaceCreateInput)
  .output(workspaceCreateOutput)
  .mutation(({ ctx, input }) => createWorkspace(ctx.domain, input));

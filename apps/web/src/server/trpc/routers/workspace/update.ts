import { updateWorkspace } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  descriptionSchema,
  idSchema,
  nameSchema,
  organizationIdSchema,
  workspaceSummarySchema,
} from "./schemas.ts";

export const workspaceUpdateInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: idSchema,
  name: nameSchema.optional(),
  description: descriptionSchema.optional(),
});
export const workspaceUpdateOutput = workspaceSummarySchema;

/** Renames a workspace and/or changes its description. */
export const workspaceUpdate = protectedProcedure
  .meta({ permission: "workspace.update" })
  .input(workspaceUpdateInput)
  .output(workspaceUpdateOutput)
  .mutation(({ ctx, input }) => updateWorkspace(ctx.domain, input));

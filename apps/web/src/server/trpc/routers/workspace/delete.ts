import { deleteWorkspace } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { idSchema, organizationIdSchema } from "./schemas.ts";

export const workspaceDeleteInput = z.object({ organizationId: organizationIdSchema, workspaceId: idSchema });
export const workspaceDeleteOutput = z.object({ id: z.string() });

/** Deletes a workspace that has no deployments left. */
export const workspaceDelete = protectedProcedure
  .meta({ permission: "workspace.delete" })
  .input(workspaceDeleteInput)
  .output(workspaceDeleteOutput)
  .mutation(({ ctx, input }) => deleteWorkspace(ctx.domain, input));

import { deletedSchema, deleteWorkspace, deleteWorkspaceInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Deletes a workspace that has no deployments left. */
export const workspaceDelete = protectedProcedure
  .meta({ permission: "workspace.delete" })
  .input(deleteWorkspaceInput)
  .output(outputView(deletedSchema))
  .mutation(({ ctx, input }) => deleteWorkspace(ctx.domain, input));

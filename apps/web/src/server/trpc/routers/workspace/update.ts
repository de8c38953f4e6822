import { updateWorkspace, updateWorkspaceInput, workspaceSummarySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Renames a workspace and/or changes its description. */
export const workspaceUpdate = protectedProcedure
  .meta({ permission: "workspace.update" })
  .input(updateWorkspaceInput)
  .output(outputView(workspaceSummarySchema))
  .mutation(({ ctx, input }) => updateWorkspace(ctx.domain, input));

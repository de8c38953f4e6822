import { createWorkspace, createWorkspaceInput, workspaceSummarySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const workspaceCreate = protectedProcedure
  .meta({ permission: "workspace.create" })
  .input(createWorkspaceInput)
  .output(outputView(workspaceSummarySchema))
  .mutation(({ ctx, input }) => createWorkspace(ctx.domain, input));

import { getWorkspace, getWorkspaceInput, workspaceDetailsSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

export const workspaceGet = protectedProcedure
  .meta({ permission: "workspace.read" })
  .input(getWorkspaceInput)
  .output(outputView(workspaceDetailsSchema))
  .query(({ ctx, input }) => getWorkspace(ctx.domain, input));

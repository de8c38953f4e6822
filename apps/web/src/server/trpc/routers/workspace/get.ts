import { getWorkspace, getWorkspaceInput, workspaceDetailsSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

export const workspaceGet = protectedProcedure
  .meta({ permission: "workspace.read" })
  .input(getWorkspaceInput)
  .output(workspaceDetailsSchema)
  .query(({ ctx, input }) => getWorkspace(ctx.domain, input));

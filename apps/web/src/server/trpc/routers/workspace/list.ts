import { listWorkspaces, listWorkspacesInput, pageSchema, workspaceSummarySchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of the workspaces the caller can see, each with their effective role. */
export const workspaceList = protectedProcedure
  .meta({ permission: "workspace.list" })
  .input(listWorkspacesInput)
  .output(outputView(pageSchema(workspaceSummarySchema)))
  .query(({ ctx, input }) => listWorkspaces(ctx.domain, input));

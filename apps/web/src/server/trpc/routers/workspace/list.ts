import { listWorkspaces, listWorkspacesInput, workspaceSummarySchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";

/** The workspaces the caller can see, each with their effective role. */
export const workspaceList = protectedProcedure
  .meta({ permission: "workspace.list" })
  .input(listWorkspacesInput)
  .output(z.array(workspaceSummarySchema))
  .query(({ ctx, input }) => listWorkspaces(ctx.domain, input));

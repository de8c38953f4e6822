import { listWorkspaces, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { organizationIdSchema, workspaceSummarySchema } from "./schemas.ts";

export const workspaceListInput = z.object({ organizationId: organizationIdSchema, ...pageInputShape });
export const workspaceListOutput = pageSchema(workspaceSummarySchema);

/** A page of the workspaces the caller can see, each with their effective role. */
export const workspaceList = protectedProcedure
  .meta({ permission: "workspace.list" })
  .input(workspaceListInput)
  .output(workspaceListOutput)
  .query(({ ctx, input }) => listWorkspaces(ctx.domain, input));

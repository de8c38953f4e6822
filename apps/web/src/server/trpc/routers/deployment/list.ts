import { listDeployments } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentServices, deploymentViewSchema, idSchema, organizationIdSchema } from "./schemas.ts";

export const deploymentListInput = z.object({
  organizationId: organizationIdSchema,
  /** Without it: every workspace of the organization the caller may list deployments of. */
  workspaceId: idSchema.optional(),
  /** Also list deployments the worker has finished deleting (DELETED). */
  includeDeleted: z.boolean().optional(),
});
export const deploymentListOutput = z.array(deploymentViewSchema.extend({ workspaceName: z.string() }));

/** A workspace's deployments with their status, or those of every workspace the caller can read. */
export const deploymentList = protectedProcedure
  .meta({ permission: "deployment.list" })
  .input(deploymentListInput)
  .output(deploymentListOutput)
  .query(({ ctx, input }) => listDeployments(ctx.domain, input, deploymentServices(ctx)));

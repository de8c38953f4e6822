import { listDeployments, pageInputShape, pageSchema } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import { deploymentServices, deploymentViewSchema, idSchema, organizationIdSchema } from "./schemas.ts";

export const deploymentListInput = z.object({
  organizationId: organizationIdSchema,
  /** One workspace's deployments; without it, those of every workspace the caller may read. */
  workspaceId: idSchema.nullish(),
  /** Also list deployments the worker has finished deleting (DELETED). */
  includeDeleted: z.boolean().optional(),
  ...pageInputShape,
});
export const deploymentListItemSchema = deploymentViewSchema.extend({ workspaceName: z.string() });
export const deploymentListOutput = pageSchema(deploymentListItemSchema);

/**
 * A page of deployments with their status: one workspace's (deployment.list), or without a
 * workspace those of every workspace the caller holds a role in (organization owners: all).
 */
export const deploymentList = protectedProcedure
  .meta({ permission: "deployment.list" })
  .input(deploymentListInput)
  .output(deploymentListOutput)
  .query(({ ctx, input }) => listDeployments(ctx.domain, input, deploymentServices(ctx)));

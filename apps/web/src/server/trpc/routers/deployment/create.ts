import { createDeployment } from "@skyport/domain";
import { z } from "zod";
import { protectedProcedure } from "../../init.ts";
import {
  deploymentChangeSchema,
  deploymentServices,
  idSchema,
  organizationIdSchema,
  specInputSchema,
} from "./schemas.ts";

export const deploymentCreateInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: idSchema,
  /** A DNS label (lowercase letters, digits, '-'), unique in the workspace; checked by the domain. */
  name: z.string(),
  description: z.string().optional(),
  spec: specInputSchema,
});
export const deploymentCreateOutput = deploymentChangeSchema;

/** Records a new deployment and queues its provisioning. */
export const deploymentCreate = protectedProcedure
  .meta({ permission: "deployment.create" })
  .input(deploymentCreateInput)
  .output(deploymentCreateOutput)
  .mutation(({ ctx, input }) => createDeployment(ctx.domain, input, deploymentServices(ctx)));

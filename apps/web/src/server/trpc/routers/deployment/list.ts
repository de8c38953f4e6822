import { deploymentListItemSchema, listDeployments, listDeploymentsInput, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/**
 * A page of deployments with their status: one workspace's (deployment.list), or without a
 * workspace those of every workspace the caller holds a role in (organization owners: all).
 */
export const deploymentList = protectedProcedure
  .meta({ permission: "deployment.list" })
  .input(listDeploymentsInput)
  .output(outputView(pageSchema(deploymentListItemSchema)))
  .query(({ ctx, input }) => listDeployments(ctx.domain, input, deploymentServices(ctx)));

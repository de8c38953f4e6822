import {
  deploymentAdminSchema,
  listDeploymentAdmins,
  listDeploymentAdminsInput,
  pageSchema,
} from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A page of the users and teams holding DEPLOYMENT_ADMIN on a deployment. */
export const deploymentMemberList = protectedProcedure
  .meta({ permission: "deployment.read" })
  .input(listDeploymentAdminsInput)
  .output(outputView(pageSchema(deploymentAdminSchema)))
  .query(({ ctx, input }) => listDeploymentAdmins(ctx.domain, input));

import {
  deploymentAdminInput,
  deploymentAdminSchema,
  grantDeploymentAdmin,
  listDeploymentAdmins,
  listDeploymentAdminsInput,
  pageSchema,
  revokeDeploymentAdmin,
  revokedBindingSchema,
} from "@skyport/domain";
import { domainMutation, domainQuery, router } from "../../init.ts";

export const deploymentMemberRouter = router({
  /** A page of the users and teams holding DEPLOYMENT_ADMIN on a deployment. */
  list: domainQuery(
    "deployment.read",
    listDeploymentAdminsInput,
    pageSchema(deploymentAdminSchema),
    listDeploymentAdmins,
  ),
  /** Grants DEPLOYMENT_ADMIN on one deployment to a member or team of the organization. */
  grant: domainMutation(
    "deployment.member.manage",
    deploymentAdminInput,
    revokedBindingSchema,
    grantDeploymentAdmin,
  ),
  /** Takes DEPLOYMENT_ADMIN on one deployment away from a user or team. */
  revoke: domainMutation(
    "deployment.member.manage",
    deploymentAdminInput,
    revokedBindingSchema,
    revokeDeploymentAdmin,
  ),
});

import { router } from "../../init.ts";
import { airflowConnectionDeploymentCreate, airflowConnectionWorkspaceCreate } from "./create.ts";
import { airflowConnectionDeploymentDelete, airflowConnectionWorkspaceDelete } from "./delete.ts";
import { airflowConnectionDeploymentGet, airflowConnectionWorkspaceGet } from "./get.ts";
import { airflowConnectionDeploymentList, airflowConnectionWorkspaceList } from "./list.ts";
import { airflowConnectionDeploymentUpdate, airflowConnectionWorkspaceUpdate } from "./update.ts";

/** airflowConnection.deployment.* and airflowConnection.workspace.*, one permission each. */
export const airflowConnectionRouter = router({
  deployment: router({
    list: airflowConnectionDeploymentList,
    get: airflowConnectionDeploymentGet,
    create: airflowConnectionDeploymentCreate,
    update: airflowConnectionDeploymentUpdate,
    delete: airflowConnectionDeploymentDelete,
  }),
  workspace: router({
    list: airflowConnectionWorkspaceList,
    get: airflowConnectionWorkspaceGet,
    create: airflowConnectionWorkspaceCreate,
    update: airflowConnectionWorkspaceUpdate,
    delete: airflowConnectionWorkspaceDelete,
  }),
});

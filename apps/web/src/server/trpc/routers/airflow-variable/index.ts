import { router } from "../../init.ts";
import { airflowVariableDeploymentCreate, airflowVariableWorkspaceCreate } from "./create.ts";
import { airflowVariableDeploymentDelete, airflowVariableWorkspaceDelete } from "./delete.ts";
import { airflowVariableDeploymentGet, airflowVariableWorkspaceGet } from "./get.ts";
import { airflowVariableDeploymentList, airflowVariableWorkspaceList } from "./list.ts";
import { airflowVariableDeploymentUpdate, airflowVariableWorkspaceUpdate } from "./update.ts";

/** airflowVariable.deployment.* and airflowVariable.workspace.*, one permission each. */
export const airflowVariableRouter = router({
  deployment: router({
    list: airflowVariableDeploymentList,
    get: airflowVariableDeploymentGet,
    create: airflowVariableDeploymentCreate,
    update: airflowVariableDeploymentUpdate,
    delete: airflowVariableDeploymentDelete,
  }),
  workspace: router({
    list: airflowVariableWorkspaceList,
    get: airflowVariableWorkspaceGet,
    create: airflowVariableWorkspaceCreate,
    update: airflowVariableWorkspaceUpdate,
    delete: airflowVariableWorkspaceDelete,
  }),
});

import { router } from "../../init.ts";
import { environmentVariableDeploymentCreate, environmentVariableWorkspaceCreate } from "./create.ts";
import { environmentVariableDeploymentDelete, environmentVariableWorkspaceDelete } from "./delete.ts";
import { environmentVariableDeploymentGet, environmentVariableWorkspaceGet } from "./get.ts";
import { environmentVariableDeploymentImport, environmentVariableWorkspaceImport } from "./import.ts";
import { environmentVariableDeploymentList, environmentVariableWorkspaceList } from "./list.ts";
import { environmentVariableDeploymentUpdate, environmentVariableWorkspaceUpdate } from "./update.ts";

/** environmentVariable.deployment.* and environmentVariable.workspace.*, one permission each. */
export const environmentVariableRouter = router({
  deployment: router({
    list: environmentVariableDeploymentList,
    get: environmentVariableDeploymentGet,
    create: environmentVariableDeploymentCreate,
    update: environmentVariableDeploymentUpdate,
    delete: environmentVariableDeploymentDelete,
    import: environmentVariableDeploymentImport,
  }),
  workspace: router({
    list: environmentVariableWorkspaceList,
    get: environmentVariableWorkspaceGet,
    create: environmentVariableWorkspaceCreate,
    update: environmentVariableWorkspaceUpdate,
    delete: environmentVariableWorkspaceDelete,
    import: environmentVariableWorkspaceImport,
  }),
});

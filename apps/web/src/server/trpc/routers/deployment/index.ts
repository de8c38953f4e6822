import { router } from "../../init.ts";
import { deploymentCreate } from "./create.ts";
import { deploymentDelete } from "./delete.ts";
import { deploymentGet } from "./get.ts";
import { deploymentList } from "./list.ts";
import { deploymentLogs } from "./logs.ts";
import { deploymentRevealAirflowSignIn } from "./reveal-airflow-sign-in.ts";
import { deploymentRuntimeCatalog } from "./runtime-catalog.ts";
import { deploymentUpdate } from "./update.ts";

export const deploymentRouter = router({
  list: deploymentList,
  get: deploymentGet,
  create: deploymentCreate,
  update: deploymentUpdate,
  delete: deploymentDelete,
  runtimeCatalog: deploymentRuntimeCatalog,
  logs: deploymentLogs,
  revealAirflowSignIn: deploymentRevealAirflowSignIn,
});

import { router } from "../../init.ts";
import { deploymentEnvironmentGet } from "./get.ts";

export const deploymentEnvironmentRouter = router({
  get: deploymentEnvironmentGet,
});

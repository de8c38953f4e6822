import { runtimeCatalog, runtimeCatalogSchema } from "@skyport/domain";
import { protectedProcedure } from "../../init.ts";

/** Runtime versions, executors, sizes and Airflow setting rules for the deployment forms. */
export const deploymentRuntimeCatalog = protectedProcedure
  .meta({ permission: "authenticated" })
  .output(runtimeCatalogSchema)
  .query(() => runtimeCatalog());

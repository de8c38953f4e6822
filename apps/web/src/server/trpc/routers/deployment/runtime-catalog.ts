import { runtimeCatalog, runtimeCatalogSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** Runtime versions, executors, sizes and Airflow setting rules for the deployment forms. */
export const deploymentRuntimeCatalog = protectedProcedure
  .meta({ permission: "authenticated" })
  .output(outputView(runtimeCatalogSchema))
  .query(() => runtimeCatalog());

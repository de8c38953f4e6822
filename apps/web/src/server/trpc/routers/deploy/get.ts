import { deployDetailsSchema, getDeploy, getDeployInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** One deploy (by id or number) with its bundle and the files it changed. */
export const deployGet = protectedProcedure
  .meta({ permission: "deploy.read" })
  .input(getDeployInput)
  .output(outputView(deployDetailsSchema))
  .query(({ ctx, input }) => getDeploy(ctx.domain, input));

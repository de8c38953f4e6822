import { deploySchema, listDeploys, listDeploysInput, pageSchema } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** A deployment's deploys, newest first. */
export const deployList = protectedProcedure
  .meta({ permission: "deploy.read" })
  .input(listDeploysInput)
  .output(outputView(pageSchema(deploySchema)))
  .query(({ ctx, input }) => listDeploys(ctx.domain, input));

import { bundleDetailsSchema, getBundle, getBundleInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

/** One of a deployment's uploaded bundles, with its file list. */
export const deployBundle = protectedProcedure
  .meta({ permission: "deploy.read" })
  .input(getBundleInput)
  .output(outputView(bundleDetailsSchema))
  .query(({ ctx, input }) => getBundle(ctx.domain, input));

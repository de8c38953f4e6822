import { airflowSignInSchema, revealAirflowSignIn, revealAirflowSignInInput } from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";
import { deploymentServices } from "./services.ts";

/** A local runtime's generated Airflow UI sign-in (admin and its password); each reveal is audited. */
export const deploymentRevealAirflowSignIn = protectedProcedure
  .meta({ permission: "deployment.airflowCredentials.read" })
  .input(revealAirflowSignInInput)
  .output(outputView(airflowSignInSchema))
  .mutation(({ ctx, input }) => revealAirflowSignIn(ctx.domain, deploymentServices(ctx), input));

// Tuning recommendations of a deployment (issue 16): members read them; WORKSPACE_OPERATOR and
// DEPLOYMENT_ADMIN apply (an ordinary deployment update, audited with the recommendation id),
// dismiss, snooze and revert.
import {
  applyRecommendation,
  deploymentChangeSchema,
  dismissRecommendation,
  dismissRecommendationInput,
  listRecommendations,
  listRecommendationsInput,
  recommendationListView,
  recommendationRefInput,
  recommendationView,
  revertRecommendation,
  snoozeRecommendation,
  snoozeRecommendationInput,
} from "@skyport/domain";
import { outputView, protectedProcedure, router } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

const read = protectedProcedure.meta({ permission: "deployment.recommendations.read" });
const manage = protectedProcedure.meta({ permission: "deployment.recommendations.manage" });

export const recommendationRouter = router({
  list: read
    .input(listRecommendationsInput)
    .output(outputView(recommendationListView))
    .query(({ ctx, input }) => listRecommendations(ctx.domain, input)),
  applySpecChange: manage
    .input(recommendationRefInput)
    .output(outputView(deploymentChangeSchema))
    .mutation(({ ctx, input }) => applyRecommendation(ctx.domain, input, deploymentServices(ctx))),
  revert: manage
    .input(recommendationRefInput)
    .output(outputView(deploymentChangeSchema))
    .mutation(({ ctx, input }) => revertRecommendation(ctx.domain, input, deploymentServices(ctx))),
  dismiss: manage
    .input(dismissRecommendationInput)
    .output(outputView(recommendationView))
    .mutation(({ ctx, input }) => dismissRecommendation(ctx.domain, input)),
  snooze: manage
    .input(snoozeRecommendationInput)
    .output(outputView(recommendationView))
    .mutation(({ ctx, input }) => snoozeRecommendation(ctx.domain, input)),
});

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
import { domainMutation, domainQuery, outputView, protectedProcedure, router } from "../../init.ts";
import { deploymentServices } from "../deployment/services.ts";

const READ = "deployment.recommendations.read";
const MANAGE = "deployment.recommendations.manage";
const manage = protectedProcedure.meta({ permission: MANAGE });

export const recommendationRouter = router({
  list: domainQuery(READ, listRecommendationsInput, recommendationListView, listRecommendations),
  applySpecChange: manage
    .input(recommendationRefInput)
    .output(outputView(deploymentChangeSchema))
    .mutation(({ ctx, input }) => applyRecommendation(ctx.domain, input, deploymentServices(ctx))),
  revert: manage
    .input(recommendationRefInput)
    .output(outputView(deploymentChangeSchema))
    .mutation(({ ctx, input }) => revertRecommendation(ctx.domain, input, deploymentServices(ctx))),
  dismiss: domainMutation(MANAGE, dismissRecommendationInput, recommendationView, dismissRecommendation),
  snooze: domainMutation(MANAGE, snoozeRecommendationInput, recommendationView, snoozeRecommendation),
});

import {
  deploymentChangeSchema,
  dismissRecommendationInput,
  listRecommendationsInput,
  recommendationListView,
  recommendationRefInput,
  recommendationView,
  snoozeRecommendationInput,
} from "@skyport/domain";
import { defineRoute } from "../define.ts";

const tag = "Tuning recommendations";
const base = "/organizations/{organizationId}/deployments/{deploymentId}/recommendations";

export const recommendationRoutes = [
  defineRoute({
    method: "GET",
    path: base,
    operationId: "listRecommendations",
    summary: "A deployment's tuning recommendations (optionally in one state)",
    description:
      "Each carries what is wrong in one sentence, the evidence (series, threshold, window), the spec diff, the effect the workload simulator predicts, the risk, the safety check and, once applied, the measured effect before and after.",
    tag,
    input: listRecommendationsInput,
    output: recommendationListView,
    handle: ({ caller, input }) => caller.recommendation.list(input),
  }),
  defineRoute({
    method: "POST",
    path: `${base}/{recommendationId}/apply`,
    operationId: "applyRecommendation",
    summary: "Apply a recommendation: an ordinary deployment update, audited with the recommendation's id",
    tag,
    input: recommendationRefInput,
    output: deploymentChangeSchema,
    status: 200,
    handle: ({ caller, input }) => caller.recommendation.applySpecChange(input),
  }),
  defineRoute({
    method: "POST",
    path: `${base}/{recommendationId}/revert`,
    operationId: "revertRecommendation",
    summary: "Revert an applied recommendation with the inverse deployment update",
    tag,
    input: recommendationRefInput,
    output: deploymentChangeSchema,
    status: 200,
    handle: ({ caller, input }) => caller.recommendation.revert(input),
  }),
  defineRoute({
    method: "POST",
    path: `${base}/{recommendationId}/dismiss`,
    operationId: "dismissRecommendation",
    summary: "Dismiss a recommendation, with the reason it does not apply",
    tag,
    input: dismissRecommendationInput,
    output: recommendationView,
    status: 200,
    handle: ({ caller, input }) => caller.recommendation.dismiss(input),
  }),
  defineRoute({
    method: "POST",
    path: `${base}/{recommendationId}/snooze`,
    operationId: "snoozeRecommendation",
    summary: "Snooze a recommendation for a number of days",
    tag,
    input: snoozeRecommendationInput,
    output: recommendationView,
    status: 200,
    handle: ({ caller, input }) => caller.recommendation.snooze(input),
  }),
];

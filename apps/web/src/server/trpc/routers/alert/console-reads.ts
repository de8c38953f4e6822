// The alert pages' extra reads: an incident's notification timeline, one delivery (a test
// notification's result) and the DAG and task ids telemetry has seen (pattern suggestions).
import {
  deliveryDetailsSchema,
  deliveryRefInput,
  getDelivery,
  getIncidentTimeline,
  incidentTimelineInput,
  incidentTimelineSchema,
  listSeenIds,
  seenIdsInput,
  seenIdsSchema,
} from "@skyport/domain";
import { outputView, protectedProcedure } from "../../init.ts";

// The deployment-level permission, as the rest of the alert router declares it; the domain
// checks the level the row or the named owner lives at.
const read = protectedProcedure.meta({ permission: "alert.deployment.read" });

export const alertIncidentTimeline = read
  .input(incidentTimelineInput)
  .output(outputView(incidentTimelineSchema))
  .query(({ ctx, input }) => getIncidentTimeline(ctx.domain, input));

export const alertSeenIds = read
  .input(seenIdsInput)
  .output(outputView(seenIdsSchema))
  .query(({ ctx, input }) => listSeenIds(ctx.domain, input));

export const notificationChannelDelivery = read
  .input(deliveryRefInput)
  .output(outputView(deliveryDetailsSchema))
  .query(({ ctx, input }) => getDelivery(ctx.domain, input));

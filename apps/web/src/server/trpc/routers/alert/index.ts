// Alert rules and incidents. The permission in meta is the deployment-level one (what the
// authorization matrix exercises); the domain checks the level a call names: a rule for every
// deployment of a workspace needs alert.workspace.manage, one deployment's rule
// alert.deployment.manage (also DEPLOYMENT_ADMIN), reading the matching .read.
import {
  createRule,
  createRuleInput,
  deleteRule,
  getRule,
  incidentSchema,
  listIncidents,
  listIncidentsInput,
  listRules,
  listRulesInput,
  muteRule,
  muteRuleInput,
  pageSchema,
  ruleRefInput,
  ruleSchema,
  updateRule,
  updateRuleInput,
} from "@skyport/domain";
import { outputView, protectedProcedure, router } from "../../init.ts";
import { alertIncidentTimeline, alertSeenIds } from "./console-reads.ts";

const read = protectedProcedure.meta({ permission: "alert.deployment.read" });
const manage = protectedProcedure.meta({ permission: "alert.deployment.manage" });

export const alertRouter = router({
  list: read
    .input(listRulesInput)
    .output(outputView(pageSchema(ruleSchema)))
    .query(({ ctx, input }) => listRules(ctx.domain, input)),
  get: read
    .input(ruleRefInput)
    .output(outputView(ruleSchema))
    .query(({ ctx, input }) => getRule(ctx.domain, input)),
  create: manage
    .input(createRuleInput)
    .output(outputView(ruleSchema))
    .mutation(({ ctx, input }) => createRule(ctx.domain, input)),
  update: manage
    .input(updateRuleInput)
    .output(outputView(ruleSchema))
    .mutation(({ ctx, input }) => updateRule(ctx.domain, input)),
  mute: manage
    .input(muteRuleInput)
    .output(outputView(ruleSchema))
    .mutation(({ ctx, input }) => muteRule(ctx.domain, input)),
  delete: manage
    .input(ruleRefInput)
    .output(outputView(ruleSchema))
    .mutation(({ ctx, input }) => deleteRule(ctx.domain, input)),
  incidents: read
    .input(listIncidentsInput)
    .output(outputView(pageSchema(incidentSchema)))
    .query(({ ctx, input }) => listIncidents(ctx.domain, input)),
  incidentTimeline: alertIncidentTimeline,
  seenIds: alertSeenIds,
});

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
import { domainMutation, domainQuery, router } from "../../init.ts";
import { alertIncidentTimeline, alertSeenIds } from "./console-reads.ts";

const READ = "alert.deployment.read";
const MANAGE = "alert.deployment.manage";

export const alertRouter = router({
  list: domainQuery(READ, listRulesInput, pageSchema(ruleSchema), listRules),
  get: domainQuery(READ, ruleRefInput, ruleSchema, getRule),
  create: domainMutation(MANAGE, createRuleInput, ruleSchema, createRule),
  update: domainMutation(MANAGE, updateRuleInput, ruleSchema, updateRule),
  mute: domainMutation(MANAGE, muteRuleInput, ruleSchema, muteRule),
  delete: domainMutation(MANAGE, ruleRefInput, ruleSchema, deleteRule),
  incidents: domainQuery(READ, listIncidentsInput, pageSchema(incidentSchema), listIncidents),
  incidentTimeline: alertIncidentTimeline,
  seenIds: alertSeenIds,
});

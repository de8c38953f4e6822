import {
  airflowVariableViewSchema,
  bulkUpdateAirflowVariables,
  airflowVariableContracts as contracts,
  createAirflowVariable,
  deleteAirflowVariable,
  getAirflowVariable,
  listAirflowVariables,
  updateAirflowVariable,
} from "@skyport/domain";
import { router } from "../../init.ts";
import { environmentMutation, environmentQuery } from "../deployment-environment/procedures.ts";

/** A deployment's or a workspace's Airflow variables: the owner is in every input. */
export const airflowVariableRouter = router({
  list: environmentQuery(contracts.listInput, contracts.listOutput, listAirflowVariables),
  get: environmentQuery(contracts.getInput, airflowVariableViewSchema, getAirflowVariable),
  create: environmentMutation(contracts.createInput, contracts.changeOutput, createAirflowVariable),
  update: environmentMutation(contracts.updateInput, contracts.changeOutput, updateAirflowVariable),
  delete: environmentMutation(contracts.deleteInput, contracts.deleteOutput, deleteAirflowVariable),
  /** Several at once, all or none; one audit event. */
  bulkUpdate: environmentMutation(contracts.bulkInput, contracts.bulkOutput, bulkUpdateAirflowVariables),
});

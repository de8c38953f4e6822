import {
  airflowConnectionViewSchema,
  bulkUpdateAirflowConnections,
  airflowConnectionContracts as contracts,
  createAirflowConnection,
  deleteAirflowConnection,
  getAirflowConnection,
  listAirflowConnections,
  updateAirflowConnection,
} from "@skyport/domain";
import { router } from "../../init.ts";
import { environmentMutation, environmentQuery } from "../deployment-environment/procedures.ts";

/** A deployment's or a workspace's Airflow connections: the owner is in every input. */
export const airflowConnectionRouter = router({
  list: environmentQuery(contracts.listInput, contracts.listOutput, listAirflowConnections),
  get: environmentQuery(contracts.getInput, airflowConnectionViewSchema, getAirflowConnection),
  create: environmentMutation(contracts.createInput, contracts.changeOutput, createAirflowConnection),
  update: environmentMutation(contracts.updateInput, contracts.changeOutput, updateAirflowConnection),
  delete: environmentMutation(contracts.deleteInput, contracts.deleteOutput, deleteAirflowConnection),
  /** Several at once, all or none; one audit event. */
  bulkUpdate: environmentMutation(contracts.bulkInput, contracts.bulkOutput, bulkUpdateAirflowConnections),
});

import {
  bulkUpdateEnvironmentVariables,
  environmentVariableContracts as contracts,
  createEnvironmentVariable,
  deleteEnvironmentVariable,
  environmentVariableViewSchema,
  getEnvironmentVariable,
  importEnvironmentVariables,
  listEnvironmentVariables,
  updateEnvironmentVariable,
} from "@skyport/domain";
import { router } from "../../init.ts";
import { environmentMutation, environmentQuery } from "../deployment-environment/procedures.ts";

/** A deployment's or a workspace's environment variables: the owner is in every input. */
export const environmentVariableRouter = router({
  list: environmentQuery(contracts.listInput, contracts.listOutput, listEnvironmentVariables),
  get: environmentQuery(contracts.getInput, environmentVariableViewSchema, getEnvironmentVariable),
  create: environmentMutation(contracts.createInput, contracts.changeOutput, createEnvironmentVariable),
  update: environmentMutation(contracts.updateInput, contracts.changeOutput, updateEnvironmentVariable),
  delete: environmentMutation(contracts.deleteInput, contracts.deleteOutput, deleteEnvironmentVariable),
  /** Several at once, all or none; one audit event. */
  bulkUpdate: environmentMutation(contracts.bulkInput, contracts.bulkOutput, bulkUpdateEnvironmentVariables),
  /** A .env file: every line valid, or nothing is written. */
  import: environmentMutation(contracts.importInput, contracts.importOutput, importEnvironmentVariables),
});

// Airflow variables of a deployment or a workspace, delivered as AIRFLOW_VAR_<KEY>. Airflow
// upper-cases the key when it reads the environment, so keys differing only in case clash.
import { variableKeyProblem } from "@skyport/provisioning";
import type { MutationContext } from "../shared/mutation.ts";
import type { Page, PageRequest } from "../shared/pagination.ts";
import { bulkSetKeyValues, type KeyValueBulkInput, type KeyValueBulkResult } from "./key-value-bulk.ts";
import * as keyValues from "./key-value-objects.ts";
import { AIRFLOW_VARIABLES } from "./key-value-rows.ts";
import type { AirflowVariableView } from "./key-value-views.ts";
import type { EnvironmentOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentReadServices, EnvironmentServices } from "./services.ts";

export type { AirflowVariableView };

export const AIRFLOW_VARIABLE_KIND: keyValues.KeyValueKind = {
  table: AIRFLOW_VARIABLES,
  entryKind: "airflowVariable",
  label: "Airflow variable",
  keyProblem: variableKeyProblem,
  keysIgnoreCase: true,
  hasDescription: true,
};

export type AirflowVariableRef = keyValues.KeyValueRef;

export interface AirflowVariableChange extends EnvironmentChange {
  airflowVariable: AirflowVariableView;
}

function change({ object, ...rest }: keyValues.KeyValueChangeResult): AirflowVariableChange {
  return { airflowVariable: object, ...rest };
}

/** One page of the owner's Airflow variables in key order; values as the caller may see them. */
export function listAirflowVariables(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & PageRequest,
  services: EnvironmentReadServices,
): Promise<Page<AirflowVariableView>> {
  return keyValues.listKeyValues(ctx, AIRFLOW_VARIABLE_KIND, input, services);
}

export function getAirflowVariable(
  ctx: MutationContext,
  ref: AirflowVariableRef,
  services: EnvironmentReadServices,
): Promise<AirflowVariableView> {
  return keyValues.getKeyValue(ctx, AIRFLOW_VARIABLE_KIND, ref, services);
}

export async function createAirflowVariable(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & keyValues.KeyValueCreateInput,
  services: EnvironmentServices,
): Promise<AirflowVariableChange> {
  return change(await keyValues.createKeyValue(ctx, AIRFLOW_VARIABLE_KIND, input, services));
}

/** Changes the value, secret flag, description or (workspace) links; an omitted or null value is kept. */
export async function updateAirflowVariable(
  ctx: MutationContext,
  input: AirflowVariableRef & keyValues.KeyValueUpdateInput,
  services: EnvironmentServices,
): Promise<AirflowVariableChange> {
  return change(await keyValues.updateKeyValue(ctx, AIRFLOW_VARIABLE_KIND, input, services));
}

export function deleteAirflowVariable(
  ctx: MutationContext,
  ref: AirflowVariableRef,
  services: EnvironmentServices,
) {
  return keyValues.deleteKeyValue(ctx, AIRFLOW_VARIABLE_KIND, ref, services);
}

/** Sets several Airflow variables at once, all or none (see key-value-bulk.ts). */
export function bulkUpdateAirflowVariables(
  ctx: MutationContext,
  input: KeyValueBulkInput,
  services: EnvironmentServices,
): Promise<KeyValueBulkResult> {
  return bulkSetKeyValues(ctx, AIRFLOW_VARIABLE_KIND, input, services);
}

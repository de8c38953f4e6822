// Airflow variables of a deployment or a workspace, delivered as AIRFLOW_VAR_<KEY>. Airflow
// upper-cases the key when it reads the environment, so keys differing only in case clash.
import { variableKeyProblem } from "@skyport/provisioning";
import type { MutationContext } from "../shared/mutation.ts";
import {
  createKeyValue,
  deleteKeyValue,
  getKeyValue,
  type KeyValueChangeResult,
  type KeyValueCreateInput,
  type KeyValueKind,
  type KeyValueRef,
  type KeyValueUpdateInput,
  listKeyValues,
  updateKeyValue,
} from "./key-value-objects.ts";
import { AIRFLOW_VARIABLES } from "./key-value-rows.ts";
import type { AirflowVariableView } from "./key-value-views.ts";
import type { EnvironmentOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentReadServices, EnvironmentServices } from "./services.ts";

export type { AirflowVariableView };

export const AIRFLOW_VARIABLE_KIND: KeyValueKind = {
  table: AIRFLOW_VARIABLES,
  entryKind: "airflowVariable",
  label: "Airflow variable",
  keyProblem: variableKeyProblem,
  keysIgnoreCase: true,
  hasDescription: true,
};

export type AirflowVariableRef = KeyValueRef;

export interface AirflowVariableChange extends EnvironmentChange {
  airflowVariable: AirflowVariableView;
}

function change({ object, ...rest }: KeyValueChangeResult): AirflowVariableChange {
  return { airflowVariable: object, ...rest };
}

export function listAirflowVariables(
  ctx: MutationContext,
  owner: EnvironmentOwner,
  services: EnvironmentReadServices,
): Promise<AirflowVariableView[]> {
  return listKeyValues(ctx, AIRFLOW_VARIABLE_KIND, owner, services);
}

export function getAirflowVariable(
  ctx: MutationContext,
  ref: AirflowVariableRef,
  services: EnvironmentReadServices,
): Promise<AirflowVariableView> {
  return getKeyValue(ctx, AIRFLOW_VARIABLE_KIND, ref, services);
}

export async function createAirflowVariable(
  ctx: MutationContext,
  input: EnvironmentOwner & KeyValueCreateInput,
  services: EnvironmentServices,
): Promise<AirflowVariableChange> {
  return change(await createKeyValue(ctx, AIRFLOW_VARIABLE_KIND, input, services));
}

/** Changes the value, secret flag, description or (workspace) links; an omitted or null value is kept. */
export async function updateAirflowVariable(
  ctx: MutationContext,
  input: AirflowVariableRef & KeyValueUpdateInput,
  services: EnvironmentServices,
): Promise<AirflowVariableChange> {
  return change(await updateKeyValue(ctx, AIRFLOW_VARIABLE_KIND, input, services));
}

export function deleteAirflowVariable(
  ctx: MutationContext,
  ref: AirflowVariableRef,
  services: EnvironmentServices,
) {
  return deleteKeyValue(ctx, AIRFLOW_VARIABLE_KIND, ref, services);
}

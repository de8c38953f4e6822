// Environment variables of a deployment or a workspace, delivered to every Airflow container as
// they are named. Keys are case-sensitive (as environment variables are); reserved names (what
// Skyport sets or relies on, and AIRFLOW_CONN_/AIRFLOW_VAR_ which are connections and variables)
// are refused with the reason.
import { environmentVariableNameProblem } from "@skyport/provisioning";
import type { MutationContext } from "../shared/mutation.ts";
import type { Page, PageRequest } from "../shared/pagination.ts";
import { bulkSetKeyValues, type KeyValueBulkInput } from "./key-value-bulk.ts";
import * as keyValues from "./key-value-objects.ts";
import { ENVIRONMENT_VARIABLES } from "./key-value-rows.ts";
import type { EnvironmentVariableView } from "./key-value-views.ts";
import type { EnvironmentOwner } from "./scope.ts";
import type { EnvironmentChange, EnvironmentReadServices, EnvironmentServices } from "./services.ts";

export type { EnvironmentVariableView };

export const ENVIRONMENT_VARIABLE_KIND: keyValues.KeyValueKind = {
  table: ENVIRONMENT_VARIABLES,
  entryKind: "environmentVariable",
  label: "environment variable",
  keyProblem: environmentVariableNameProblem,
  keysIgnoreCase: false,
  hasDescription: false,
};

export type EnvironmentVariableRef = keyValues.KeyValueRef;

export interface EnvironmentVariableChange extends EnvironmentChange {
  environmentVariable: EnvironmentVariableView;
}

function withoutDescription({
  description: _none,
  ...view
}: keyValues.KeyValueChangeResult["object"]): EnvironmentVariableView {
  return view;
}

function change(result: keyValues.KeyValueChangeResult): EnvironmentVariableChange {
  const { object, ...rest } = result;
  return { environmentVariable: withoutDescription(object), ...rest };
}

/** One page of the owner's environment variables in key order; values as the caller may see them. */
export async function listEnvironmentVariables(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & PageRequest,
  services: EnvironmentReadServices,
): Promise<Page<EnvironmentVariableView>> {
  const page = await keyValues.listKeyValues(ctx, ENVIRONMENT_VARIABLE_KIND, input, services);
  return { items: page.items.map(withoutDescription), nextCursor: page.nextCursor };
}

/** One environment variable, by id or key. */
export async function getEnvironmentVariable(
  ctx: MutationContext,
  ref: EnvironmentVariableRef,
  services: EnvironmentReadServices,
): Promise<EnvironmentVariableView> {
  return withoutDescription(await keyValues.getKeyValue(ctx, ENVIRONMENT_VARIABLE_KIND, ref, services));
}

export async function createEnvironmentVariable(
  ctx: MutationContext,
  input: { owner: EnvironmentOwner } & Omit<keyValues.KeyValueCreateInput, "description">,
  services: EnvironmentServices,
): Promise<EnvironmentVariableChange> {
  return change(await keyValues.createKeyValue(ctx, ENVIRONMENT_VARIABLE_KIND, input, services));
}

/** Changes the value, the secret flag or (workspace) links; an omitted or null value is kept. */
export async function updateEnvironmentVariable(
  ctx: MutationContext,
  input: EnvironmentVariableRef & Omit<keyValues.KeyValueUpdateInput, "description">,
  services: EnvironmentServices,
): Promise<EnvironmentVariableChange> {
  return change(await keyValues.updateKeyValue(ctx, ENVIRONMENT_VARIABLE_KIND, input, services));
}

export async function deleteEnvironmentVariable(
  ctx: MutationContext,
  ref: EnvironmentVariableRef,
  services: EnvironmentServices,
) {
  return keyValues.deleteKeyValue(ctx, ENVIRONMENT_VARIABLE_KIND, ref, services);
}

export interface EnvironmentVariablesSet extends EnvironmentChange {
  created: EnvironmentVariableView[];
  updated: EnvironmentVariableView[];
}

/** Sets several environment variables at once, all or none (see key-value-bulk.ts). */
export async function bulkUpdateEnvironmentVariables(
  ctx: MutationContext,
  input: KeyValueBulkInput,
  services: EnvironmentServices,
): Promise<EnvironmentVariablesSet> {
  const result = await bulkSetKeyValues(ctx, ENVIRONMENT_VARIABLE_KIND, input, services);
  return {
    ...result,
    created: result.created.map(withoutDescription),
    updated: result.updated.map(withoutDescription),
  };
}

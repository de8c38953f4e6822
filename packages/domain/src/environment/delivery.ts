// What a deployment receives: the effective environment (see effective.ts) with each value in the
// form it is delivered in. The worker renders it into the namespace's Secret; the "what does
// this deployment receive" read shows it with values masked as every read path does.
import type { Prisma, PrismaClient } from "@skyport/db";
import {
  airflowConnectionValue,
  type EnvironmentEntry,
  type EnvironmentEntryKind,
  environmentName,
  MAX_ENVIRONMENT_BYTES,
} from "@skyport/provisioning";
import type { Db } from "../authz/authorize.ts";
import type { SecretBox } from "../secrets/types.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { CONNECTION_FIELDS, type ConnectionRow } from "./connection-rows.ts";
import { openConnection } from "./connection-views.ts";
import { type EnvironmentRowIdentity, selectEffective } from "./effective.ts";
import { resolveOwner } from "./scope.ts";
import type { EnvironmentReadServices } from "./services.ts";

export interface DeliveryTarget {
  organizationId: string;
  workspaceId: string;
  /** The deployment's id. */
  id: string;
}

const KEY_VALUE_FIELDS = {
  id: true,
  organizationId: true,
  key: true,
  scope: true,
  deploymentId: true,
  isSecret: true,
  valueCiphertext: true,
  valueVersion: true,
  deliveredBytes: true,
  linkAllDeployments: true,
  linkedDeploymentIds: true,
} as const;

type KeyValueDeliveryRow = Prisma.EnvironmentVariableGetPayload<{ select: typeof KEY_VALUE_FIELDS }>;

type DeliveryRow =
  | (EnvironmentRowIdentity & { kind: "environmentVariable" | "airflowVariable"; row: KeyValueDeliveryRow })
  | (EnvironmentRowIdentity & { kind: "airflowConnection"; row: ConnectionRow });

/** Rows that may reach the deployment: its own, and its workspace's linked to it. */
function reaching(deployment: DeliveryTarget) {
  return {
    organizationId: deployment.organizationId,
    workspaceId: deployment.workspaceId,
    OR: [
      { scope: "DEPLOYMENT" as const, deploymentId: deployment.id },
      {
        scope: "WORKSPACE" as const,
        OR: [{ linkAllDeployments: true }, { linkedDeploymentIds: { has: deployment.id } }],
      },
    ],
  };
}

async function loadDeliveryRows(db: Db, deployment: DeliveryTarget): Promise<DeliveryRow[]> {
  const where = reaching(deployment);
  const [variables, connections, airflowVariables] = await Promise.all([
    db.environmentVariable.findMany({ where, select: KEY_VALUE_FIELDS }),
    db.airflowConnection.findMany({ where, select: CONNECTION_FIELDS }),
    db.airflowVariable.findMany({ where, select: KEY_VALUE_FIELDS }),
  ]);
  const keyValue = (kind: "environmentVariable" | "airflowVariable") => (row: KeyValueDeliveryRow) => ({
    ...row,
    kind,
    row,
  });
  return [
    ...variables.map(keyValue("environmentVariable")),
    ...connections.map((row) => ({ ...row, key: row.connectionId, kind: "airflowConnection" as const, row })),
    ...airflowVariables.map(keyValue("airflowVariable")),
  ];
}

const TABLES = { environmentVariable: "EnvironmentVariable", airflowVariable: "AirflowVariable" } as const;

/** The value as delivered: the variable's value, or the connection in URI or JSON form. */
async function deliveredValue(db: Db, secrets: SecretBox, item: DeliveryRow): Promise<string> {
  if (item.kind === "airflowConnection")
    return airflowConnectionValue(await openConnection(db, secrets, item.row));
  const { row } = item;
  return secrets.open(
    db,
    {
      organizationId: row.organizationId,
      table: TABLES[item.kind],
      rowId: row.id,
      field: "value",
      valueVersion: row.valueVersion,
    },
    row.valueCiphertext,
  );
}

/**
 * The deployment's environment as the renderer takes it. With `secrets` the values are opened;
 * without (render-only mode, whose manifests are redacted) they stay sealed and are null.
 */
export async function deliveredEnvironment(
  db: PrismaClient,
  secrets: SecretBox | null,
  deployment: DeliveryTarget,
): Promise<EnvironmentEntry[]> {
  const { delivered } = selectEffective(await loadDeliveryRows(db, deployment), deployment.id);
  return Promise.all(
    delivered.map(async (item) => ({
      kind: item.kind,
      key: item.key,
      value: secrets ? await deliveredValue(db, secrets, item) : null,
      rowId: item.id,
      valueVersion: item.valueVersion,
    })),
  );
}

/** One object a deployment receives, as its readers may see it. */
export interface DeliveredObjectView {
  kind: EnvironmentEntryKind;
  /** The environment variable it arrives as. */
  name: string;
  /** Variable name, connection id or Airflow variable key. */
  key: string;
  id: string;
  /** Where it is defined: on the deployment, or on its workspace. */
  scope: "DEPLOYMENT" | "WORKSPACE";
  /** A secret variable, or a connection with a password or secret extra fields. */
  isSecret: boolean;
  /** The delivered value, or null when masked. */
  value: string | null;
  masked: boolean;
  valueVersion: number;
}

export interface DeploymentEnvironmentView {
  deploymentId: string;
  /** What the deployment's Airflow containers receive, by name. */
  delivered: DeliveredObjectView[];
  /** Workspace objects linked to the deployment but replaced by its own of the same name. */
  overridden: DeliveredObjectView[];
  /** Bytes the delivered objects take in the Secret, and the most it holds. */
  totalBytes: number;
  limitBytes: number;
}

function isSecretRow(item: DeliveryRow): boolean {
  if (item.kind === "airflowConnection") {
    return item.row.passwordCiphertext !== null || item.row.secretExtraFields.length > 0;
  }
  return item.row.isSecret;
}

/**
 * What a deployment receives from its workspace and itself, after overrides. Secret values are
 * masked; names-only readers (WORKSPACE_MEMBER) see every value masked.
 */
export async function getDeploymentEnvironment(
  ctx: MutationContext,
  ref: { organizationId: string; deploymentId: string },
  services: EnvironmentReadServices,
): Promise<DeploymentEnvironmentView> {
  const owner = await resolveOwner(ctx.db, ctx.actor, { kind: "deployment", ...ref }, "read");
  const deployment = {
    organizationId: owner.organizationId,
    workspaceId: owner.workspaceId,
    id: ref.deploymentId,
  };
  const effective = selectEffective(await loadDeliveryRows(ctx.db, deployment), deployment.id);
  const view = async (item: DeliveryRow): Promise<DeliveredObjectView> => {
    const secret = isSecretRow(item);
    const value = owner.canSeeValues && !secret ? await deliveredValue(ctx.db, services.secrets, item) : null;
    return {
      kind: item.kind,
      name: environmentName(item.kind, item.key),
      key: item.key,
      id: item.id,
      scope: item.scope,
      isSecret: secret,
      value,
      masked: value === null,
      valueVersion: item.valueVersion,
    };
  };
  return {
    deploymentId: deployment.id,
    delivered: await Promise.all(effective.delivered.map(view)),
    overridden: await Promise.all(effective.overridden.map(view)),
    totalBytes: effective.bytes,
    limitBytes: MAX_ENVIRONMENT_BYTES,
  };
}

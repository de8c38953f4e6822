// Image deploys and the registry credential they are pulled with. An image deploy names a
// customer image built FROM the official image of the deployment's runtime; it becomes the
// image every Airflow component runs once the worker's reconcile rolls it out. The credential
// is write-only: stored sealed, rendered only into the runtime's imagePullSecret.
import { randomUUID } from "node:crypto";
import type { TransactionClient } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import { storedSpec } from "../deployments/spec.ts";
import type { SecretBox } from "../secrets/types.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import type { MutationContext } from "../shared/mutation.ts";
import type { ReadContext } from "./bundles.ts";
import { newDeploy, underDeploymentLock } from "./deploys.ts";
import type { DeployView } from "./deploys.types.ts";
import { registryCredentialRow, registryCredentialTarget, requestImageRollout } from "./image-rollout.ts";
import type {
  CreateImageDeployInput,
  RegistryCredentialRefInput,
  RegistryCredentialStatus,
  SetRegistryCredentialInput,
} from "./images.types.ts";

/** Deploys a customer image to every Airflow component of the deployment. */
export async function createImageDeploy(
  ctx: MutationContext,
  input: CreateImageDeployInput,
  services: DeploymentQueue,
): Promise<DeployView> {
  const deploy = await newDeploy(ctx, input, async (_tx, deployment) => {
    const runtimeVersion = storedSpec(deployment.spec).runtimeVersion;
    if (input.runtimeVersion !== runtimeVersion) {
      throw new ValidationError(
        "runtimeVersion",
        `the image is built for Airflow ${input.runtimeVersion}, but deployment “${deployment.name}” runs Airflow ${runtimeVersion}; build it FROM apache/airflow:${runtimeVersion} (or change the deployment's runtime first)`,
      );
    }
    return { kind: "IMAGE", image: input.image, runtimeVersion, rollbackOfId: null };
  });
  await requestImageRollout(ctx.db, services, deploy);
  return deploy;
}

/** A change of the registry credential under the deployment's lock, audited with its registry and user. */
function registryChange(
  ctx: MutationContext,
  input: RegistryCredentialRefInput,
  change: (
    tx: TransactionClient,
  ) => Promise<{ action: string; registry: string; username: string; result: RegistryCredentialStatus }>,
): Promise<RegistryCredentialStatus> {
  return underDeploymentLock(ctx, input, async (tx, deployment) => {
    const done = await change(tx);
    return {
      result: done.result,
      audit: {
        action: done.action,
        targets: [{ type: "deployment", id: input.deploymentId, label: deployment.name }],
        metadata: { registry: done.registry, username: done.username },
      },
    };
  });
}

/** Sets (or replaces) the credentials the runtime pulls deploy images with. */
export function setRegistryCredential(
  ctx: MutationContext,
  input: SetRegistryCredentialInput,
  secrets: SecretBox,
): Promise<RegistryCredentialStatus> {
  const { organizationId, deploymentId } = input;
  return registryChange(ctx, input, async (tx) => {
    const existing = await tx.deploymentRegistryCredential.findUnique({
      where: { deploymentId },
      select: { id: true, valueVersion: true },
    });
    const id = existing?.id ?? randomUUID();
    const valueVersion = (existing?.valueVersion ?? 0) + 1;
    const passwordCiphertext = await secrets.seal(
      tx,
      registryCredentialTarget({ id, organizationId, valueVersion }),
      input.password,
    );
    const fields = { registry: input.registry, username: input.username, passwordCiphertext, valueVersion };
    const row = await tx.deploymentRegistryCredential.upsert({
      where: { deploymentId },
      create: { id, organizationId, deploymentId, ...fields },
      update: fields,
      select: { registry: true, username: true, createdAt: true, updatedAt: true },
    });
    return {
      action: existing ? "deploy.registryCredential.update" : "deploy.registryCredential.create",
      registry: row.registry,
      username: row.username,
      result: { credential: row },
    };
  });
}

/** The registry credential's registry and username (never the password), or null. */
export async function getRegistryCredential(
  ctx: ReadContext,
  input: RegistryCredentialRefInput,
): Promise<RegistryCredentialStatus> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deploy.read", { organizationId, deploymentId });
  const row = await registryCredentialRow(ctx.db, organizationId, deploymentId);
  return {
    credential: row
      ? { registry: row.registry, username: row.username, createdAt: row.createdAt, updatedAt: row.updatedAt }
      : null,
  };
}

/** Removes the registry credential (images are then pulled anonymously). */
export function deleteRegistryCredential(
  ctx: MutationContext,
  input: RegistryCredentialRefInput,
): Promise<RegistryCredentialStatus> {
  return registryChange(ctx, input, async (tx) => {
    const row = await registryCredentialRow(tx, input.organizationId, input.deploymentId);
    if (!row) throw new NotFoundError("registry credential");
    await tx.deploymentRegistryCredential.delete({ where: { id: row.id } });
    return {
      action: "deploy.registryCredential.delete",
      registry: row.registry,
      username: row.username,
      result: { credential: null },
    };
  });
}

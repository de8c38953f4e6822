// Image deploys and the registry credential they are pulled with. An image deploy names a
// customer image built FROM the official image of the deployment's runtime; it becomes the
// image every Airflow component runs once the worker's reconcile rolls it out. The credential
// is write-only: stored sealed, rendered only into the runtime's imagePullSecret.
import { randomUUID } from "node:crypto";
import { authorize } from "../authz/authorize.ts";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import { storedSpec } from "../deployments/spec.ts";
import type { SecretBox } from "../secrets/types.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import type { ReadContext } from "./bundles.ts";
import { deployMetadata, deployTargets, lockDeployment, recordDeploy } from "./deploys.ts";
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
  const { organizationId, deploymentId } = input;
  const deploy = await mutate(
    ctx,
    { permission: "deploy.create", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await lockDeployment(tx, organizationId, deploymentId);
      const runtimeVersion = storedSpec(deployment.spec).runtimeVersion;
      if (input.runtimeVersion !== runtimeVersion) {
        throw new ValidationError(
          "runtimeVersion",
          `the image is built for Airflow ${input.runtimeVersion}, but deployment “${deployment.name}” runs Airflow ${runtimeVersion}; build it FROM apache/airflow:${runtimeVersion} (or change the deployment's runtime first)`,
        );
      }
      const deploy = await recordDeploy(tx, ctx, input, {
        kind: "IMAGE",
        image: input.image,
        runtimeVersion,
        rollbackOfId: null,
      });
      return {
        result: deploy,
        audit: {
          action: "deploy.create",
          targets: deployTargets(deploymentId, deployment.name, deploy),
          metadata: deployMetadata(deploy),
        },
      };
    },
  );
  await requestImageRollout(ctx.db, services, deploy);
  return deploy;
}

/** Sets (or replaces) the credentials the runtime pulls deploy images with. */
export async function setRegistryCredential(
  ctx: MutationContext,
  input: SetRegistryCredentialInput,
  secrets: SecretBox,
): Promise<RegistryCredentialStatus> {
  const { organizationId, deploymentId } = input;
  return mutate(
    ctx,
    { permission: "deploy.create", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await lockDeployment(tx, organizationId, deploymentId);
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
        result: { credential: row },
        audit: {
          action: existing ? "deploy.registryCredential.update" : "deploy.registryCredential.create",
          targets: [{ type: "deployment", id: deploymentId, label: deployment.name }],
          metadata: { registry: row.registry, username: row.username },
        },
      };
    },
  );
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
export async function deleteRegistryCredential(
  ctx: MutationContext,
  input: RegistryCredentialRefInput,
): Promise<RegistryCredentialStatus> {
  const { organizationId, deploymentId } = input;
  return mutate(
    ctx,
    { permission: "deploy.create", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await lockDeployment(tx, organizationId, deploymentId);
      const row = await registryCredentialRow(tx, organizationId, deploymentId);
      if (!row) throw new NotFoundError("registry credential");
      await tx.deploymentRegistryCredential.delete({ where: { id: row.id } });
      return {
        result: { credential: null },
        audit: {
          action: "deploy.registryCredential.delete",
          targets: [{ type: "deployment", id: deploymentId, label: deployment.name }],
          metadata: { registry: row.registry, username: row.username },
        },
      };
    },
  );
}

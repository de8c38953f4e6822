// How an image deploy reaches the runtime: the worker's reconciler renders every Airflow
// component with the deployment's current image (and its registry credential as an
// imagePullSecret), and the reconcile's outcome settles the deploy — ACTIVE once the runtime is
// ready on it, FAILED with the reconciler's reason when it is not. A failed image deploy hands the
// deployment back to the image that ran before, which the next reconcile restores.
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@skyport/db";
import { jobs } from "@skyport/queue";
import type { Db } from "../authz/authorize.ts";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import type { SealTarget, SecretBox } from "../secrets/types.ts";
import type { DeployView } from "./deploys.types.ts";
import { failDeploy } from "./rollout.ts";

/** The image the runtime should run, with what pulls it (null: the runtime's official image). */
export interface RuntimeImage {
  reference: string;
  pullSecret: { registry: string; username: string; password: string } | null;
}

export function registryCredentialTarget(row: {
  id: string;
  organizationId: string;
  valueVersion: number;
}): SealTarget {
  return {
    organizationId: row.organizationId,
    table: "DeploymentRegistryCredential",
    rowId: row.id,
    field: "password",
    valueVersion: row.valueVersion,
  };
}

/**
 * Asks the worker to roll the runtime onto the deploy's image. After the deploy committed; when
 * the queue is unreachable the deploy stays ROLLING_OUT and the drift sweep renders it later.
 */
export async function requestImageRollout(
  db: PrismaClient,
  queue: DeploymentQueue,
  deploy: Pick<DeployView, "id" | "deploymentId">,
): Promise<boolean> {
  const deployment = await db.deployment.findUnique({
    where: { id: deploy.deploymentId },
    select: { generation: true },
  });
  if (!deployment) return false;
  try {
    await queue.jobs.enqueue(jobs.deploymentReconcile, {
      deploymentId: deploy.deploymentId,
      generation: deployment.generation,
      reason: "update",
      trigger: `deploy-${randomUUID()}`,
    });
    return true;
  } catch {
    return false;
  }
}

/**
 * The deployment's current image and its pull credential, opened. For the worker only (it
 * renders the password into the runtime's imagePullSecret); callers never log or return it.
 */
export async function runtimeImage(
  db: PrismaClient,
  secrets: SecretBox | null,
  deploymentId: string,
): Promise<RuntimeImage | null> {
  const deploy = await db.deploy.findFirst({
    where: { deploymentId, kind: "IMAGE", status: { in: ["ROLLING_OUT", "ACTIVE"] }, image: { not: null } },
    orderBy: { number: "desc" },
    select: { image: true },
  });
  if (!deploy?.image) return null;
  const credential = await db.deploymentRegistryCredential.findUnique({ where: { deploymentId } });
  if (!credential) return { reference: deploy.image, pullSecret: null };
  return {
    reference: deploy.image,
    pullSecret: {
      registry: credential.registry,
      username: credential.username,
      // Render-only runs pass no SecretBox: their manifests hold the value redacted.
      password: secrets
        ? await secrets.open(db, registryCredentialTarget(credential), credential.passwordCiphertext)
        : "",
    },
  };
}

/**
 * Settles the rolling-out image deploy of `image` from a reconcile of the deployment: ACTIVE when
 * the runtime became ready, FAILED with the reconciler's reason when it did not.
 */
export function settleImageRollout(
  db: PrismaClient,
  deploymentId: string,
  outcome: { image: string; ready: boolean; reason: string },
  now = new Date(),
): Promise<void> {
  return endImageRollout(
    db,
    deploymentId,
    outcome.image,
    outcome.ready ? null : `The runtime did not become ready on the image: ${outcome.reason}`,
    now,
  );
}

/**
 * Fails the rolling-out image deploy of `image` without trying it, because the deployment's
 * target cannot run images at all (`reason` says why, in the customer's words).
 */
export function refuseImageDeploy(
  db: PrismaClient,
  deploymentId: string,
  outcome: { image: string; reason: string },
  now = new Date(),
): Promise<void> {
  return endImageRollout(db, deploymentId, outcome.image, outcome.reason, now);
}

/** ACTIVE (failure null) or FAILED with `failure`, under the deployment's lock. */
async function endImageRollout(
  db: PrismaClient,
  deploymentId: string,
  image: string,
  failure: string | null,
  now: Date,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT "id" FROM "Deployment" WHERE "id" = ${deploymentId} FOR UPDATE`;
    const deploy = await tx.deploy.findFirst({
      where: { deploymentId, kind: "IMAGE", status: "ROLLING_OUT", image },
      orderBy: { number: "desc" },
      select: { id: true, number: true },
    });
    if (!deploy) return;
    if (failure === null) {
      await tx.deploy.update({
        where: { id: deploy.id },
        data: { status: "ACTIVE", statusReason: "", activatedAt: now },
      });
      return;
    }
    await failDeploy(tx, deploy, failure, now);
  });
}

/** The deployment's registry credential row (no secret opened). */
export function registryCredentialRow(db: Db, organizationId: string, deploymentId: string) {
  return db.deploymentRegistryCredential.findFirst({
    where: { organizationId, deploymentId },
    select: { id: true, registry: true, username: true, createdAt: true, updatedAt: true },
  });
}

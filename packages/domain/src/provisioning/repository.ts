// The provisioning slice's repository: the only code of this slice that touches Prisma. The
// reconciler reads a deployment and reports on it only through this interface; every status write
// is conditional on the row still wanting what the run is working on, and says whether it landed.

import type { DeploymentStatus, PrismaClient } from "@skyport/db";
import type { EnvironmentEntry } from "@skyport/provisioning";
import {
  type RuntimeImage,
  refuseImageDeploy,
  runtimeImage,
  settleImageRollout,
} from "../deploys/image-rollout.ts";
import { deploymentBundleCredential } from "../deploys/runtime.ts";
import { deliveredEnvironment } from "../environment/delivery.ts";
import type { SecretBox } from "../secrets/types.ts";
import { deploymentIngestToken } from "../telemetry/ingest-token.ts";

/** The deployment row as the reconciler reads and reports on it. */
export interface DeploymentRow {
  readonly id: string;
  readonly organizationId: string;
  readonly workspaceId: string;
  readonly name: string;
  readonly spec: unknown;
  readonly generation: number;
  readonly observedGeneration: number;
  readonly status: DeploymentStatus;
  readonly statusReason: string;
  readonly namespace: string;
}

export interface StatusFields {
  readonly status: DeploymentStatus;
  readonly statusReason: string;
  readonly observedGeneration: number;
}

/** Which run a write is for: the deployment at the generation the run read. */
export interface RunOf {
  readonly id: string;
  readonly generation: number;
}

export interface ProvisioningRepository {
  load(deploymentId: string): Promise<DeploymentRow | null>;
  /** Writes a converging run's status; false when the row no longer wants this run (a newer
   * generation, or deletion was requested) and nothing was written. */
  writeStatus(run: RunOf, fields: StatusFields): Promise<boolean>;
  /** Whether the row still wants this converging run. */
  stillWanted(run: RunOf): Promise<boolean>;
  /** Updates a deleting deployment's reason; false when it is no longer DELETING. */
  writeDeletionReason(deploymentId: string, statusReason: string): Promise<boolean>;
  /** Marks a deleting deployment DELETED; false when it is no longer DELETING. */
  markDeleted(run: RunOf): Promise<boolean>;
  /** The environment the runtime receives: values opened with `secrets`, or names only (null). */
  environment(
    deployment: { organizationId: string; workspaceId: string; id: string },
    secrets: SecretBox | null,
  ): Promise<EnvironmentEntry[]>;
  /** The deployment's read-only bundle credential (minted on first use), for its runtime's Secret. */
  bundleCredential(deployment: { organizationId: string; id: string }, secrets: SecretBox): Promise<string>;
  /** The deployment's ingest token (sealed on first use), for its runtime's OpenLineage Secret. */
  ingestToken(deployment: { organizationId: string; id: string }, secrets: SecretBox): Promise<string>;
  /** The image deploy the runtime should run and its pull credential (opened with `secrets`). */
  deployImage(deploymentId: string, secrets: SecretBox | null): Promise<RuntimeImage | null>;
  /** Settles the rolling-out image deploy of `image` after a reconcile applied it. */
  imageRolledOut(
    deploymentId: string,
    outcome: { image: string; ready: boolean; reason: string },
  ): Promise<void>;
  /** Fails the rolling-out image deploy of `image` untried: the target cannot run images. */
  imageRefused(deploymentId: string, outcome: { image: string; reason: string }): Promise<void>;
  /** Every deployment not yet DELETED, in id order (`take` limits the count). */
  liveDeployments(take?: number): Promise<LiveDeployment[]>;
}

/** What the drift sweep reads of each deployment not yet DELETED. */
export interface LiveDeployment {
  readonly id: string;
  readonly generation: number;
  readonly observedGeneration: number;
  readonly status: DeploymentStatus;
}

const NOT_DELETING: DeploymentStatus[] = ["DELETING", "DELETED"];

export function prismaProvisioningRepository(db: PrismaClient): ProvisioningRepository {
  const converging = (run: RunOf) => ({
    id: run.id,
    generation: run.generation,
    status: { notIn: NOT_DELETING },
  });
  return {
    load(deploymentId) {
      return db.deployment.findUnique({
        where: { id: deploymentId },
        select: {
          id: true,
          organizationId: true,
          workspaceId: true,
          name: true,
          spec: true,
          generation: true,
          observedGeneration: true,
          status: true,
          statusReason: true,
          namespace: true,
        },
      });
    },
    async writeStatus(run, fields) {
      const { count } = await db.deployment.updateMany({ where: converging(run), data: { ...fields } });
      return count > 0;
    },
    async stillWanted(run) {
      return (await db.deployment.count({ where: converging(run) })) > 0;
    },
    async writeDeletionReason(deploymentId, statusReason) {
      const { count } = await db.deployment.updateMany({
        where: { id: deploymentId, status: "DELETING" },
        data: { statusReason },
      });
      return count > 0;
    },
    async markDeleted(run) {
      const { count } = await db.deployment.updateMany({
        where: { id: run.id, status: "DELETING" },
        data: {
          status: "DELETED",
          statusReason: "Deleted",
          deletedAt: new Date(),
          observedGeneration: run.generation,
        },
      });
      return count > 0;
    },
    environment(deployment, secrets) {
      return deliveredEnvironment(db, secrets, deployment);
    },
    bundleCredential(deployment, secrets) {
      return deploymentBundleCredential(db, secrets, {
        organizationId: deployment.organizationId,
        deploymentId: deployment.id,
      });
    },
    ingestToken(deployment, secrets) {
      return deploymentIngestToken(db, secrets, {
        organizationId: deployment.organizationId,
        deploymentId: deployment.id,
      });
    },
    deployImage(deploymentId, secrets) {
      return runtimeImage(db, secrets, deploymentId);
    },
    imageRolledOut(deploymentId, outcome) {
      return settleImageRollout(db, deploymentId, outcome);
    },
    imageRefused(deploymentId, outcome) {
      return refuseImageDeploy(db, deploymentId, outcome);
    },
    liveDeployments(take) {
      return db.deployment.findMany({
        where: { status: { not: "DELETED" } },
        select: { id: true, generation: true, observedGeneration: true, status: true },
        orderBy: { id: "asc" },
        ...(take === undefined ? {} : { take }),
      });
    },
  };
}

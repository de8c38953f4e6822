import type { DeploymentQueue } from "../deployments/reconcile.ts";
import type { SecretBox } from "../secrets/types.ts";

/** What reading environment objects needs besides the caller: values are sealed. */
export interface EnvironmentReadServices {
  secrets: SecretBox;
}

/** What changing them needs: sealing, and the queue that reconciles affected deployments. */
export type EnvironmentServices = EnvironmentReadServices & DeploymentQueue;

/** What every change returns besides the object. */
export interface EnvironmentChange {
  /** Deployments whose delivered environment changed (to be reconciled). */
  affectedDeploymentIds: string[];
  /**
   * Whether every reconcile request reached the queue (true when none was needed). When false
   * the change still stands; the worker's periodic sweep delivers it.
   */
  reconcileQueued: boolean;
}

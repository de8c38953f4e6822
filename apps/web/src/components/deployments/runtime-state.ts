// What the console can say about a deployment's runtime from its status: whether the
// provisioner is still working (so the page keeps checking), and whether Airflow's UI is there.
import type { DeploymentStatus } from "./types.ts";

export interface RuntimeFacts {
  status: DeploymentStatus;
  statusReason: string;
  generation: number;
  observedGeneration: number;
}

/**
 * True while the provisioner has work left: it is creating, deploying, updating or deleting,
 * or has not caught up with the latest settings. A runtime that settled as unhealthy (or was
 * only rendered to disk) changes no more by itself, so the page stops checking and says nothing.
 */
export function provisionerWorking(deployment: RuntimeFacts): boolean {
  switch (deployment.status) {
    case "CREATING":
    case "DEPLOYING":
    case "UPDATING":
    case "DELETING":
      return true;
    case "UNHEALTHY":
    case "FAILED":
      return deployment.observedGeneration < deployment.generation;
    case "HEALTHY":
    case "DELETED":
      return false;
    default: {
      const unknown: never = deployment.status;
      return unknown;
    }
  }
}

/** The render-only provisioner's own words: the manifests were written, never applied. */
const RENDER_ONLY = /\bnot applied\b/;

export type AirflowAvailability = { open: true } | { open: false; reason: string };

/** Whether "Open Airflow" leads anywhere, and if not, why — in the words the page shows. */
export function airflowAvailability(deployment: RuntimeFacts): AirflowAvailability {
  if (deployment.status === "DELETING" || deployment.status === "DELETED") {
    return { open: false, reason: "The deployment is being deleted." };
  }
  if (RENDER_ONLY.test(deployment.statusReason)) {
    return {
      open: false,
      reason:
        "The runtime was never started: no Kubernetes cluster is configured, so its manifests were only written to disk.",
    };
  }
  if (deployment.observedGeneration === 0) {
    return {
      open: false,
      reason: "The runtime has not been built yet. Airflow opens here once the provisioner has started it.",
    };
  }
  return { open: true };
}

/** A local runtime's Airflow listens on a loopback port of the Skyport machine (the domain
 * answers that address only for runtimes this machine runs). */
export function runsLocally(airflowUrl: string): boolean {
  return airflowUrl.startsWith("http://127.0.0.1:");
}

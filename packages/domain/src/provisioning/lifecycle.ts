// The deployment lifecycle as the reconciler drives it: which status a run shows while it works.
//
//   CREATING → DEPLOYING (first rollout) ─┐
//   HEALTHY / UNHEALTHY / FAILED, behind → UPDATING (or DEPLOYING if never observed) ─┤
//                                          └→ HEALTHY | UNHEALTHY | FAILED
//   DELETING → DELETED (deletion reporter; never shown as progress)
//
// A run with no progress status is a quiet check: it writes only an outcome that differs.
import type { DeploymentStatus } from "@skyport/db";
import type { jobs } from "@skyport/queue";
import type { z } from "zod";
import type { DeploymentRow } from "./repository.ts";

/** Why a reconcile runs: the job catalog's reasons (create, update, delete, drift, retry). */
export type ReconcileReason = z.output<typeof jobs.deploymentReconcile.payload>["reason"];

/** The status shown while a run works, or null for a quiet check of a converged deployment. */
export function progressStatus(row: DeploymentRow, reason: ReconcileReason): DeploymentStatus | null {
  switch (row.status) {
    case "CREATING":
    case "DEPLOYING":
      return "DEPLOYING";
    case "UPDATING":
      return "UPDATING";
    case "HEALTHY":
    case "UNHEALTHY":
    case "FAILED": {
      const behind = row.generation > row.observedGeneration;
      // A FAILED deployment is retried by the drift sweep without flapping through DEPLOYING: it
      // stays FAILED unless the retry gets further. An explicit retry of a deployment that is not
      // HEALTHY shows its progress.
      const retried = reason === "retry" && row.status !== "HEALTHY";
      const wantsProgress = retried || (behind && !(row.status === "FAILED" && reason === "drift"));
      if (!wantsProgress) return null;
      return row.observedGeneration === 0 ? "DEPLOYING" : "UPDATING";
    }
    case "DELETING":
    case "DELETED":
      return null;
    default: {
      const unknown: never = row.status;
      throw new Error(`unknown deployment status ${String(unknown)}`);
    }
  }
}

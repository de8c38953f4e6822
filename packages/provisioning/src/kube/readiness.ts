// Readiness of a deployment's workloads, from the status the Deployment and Job controllers
// write: the reconciler polls this until everything is ready or its timeout passes.

export interface WorkloadReadiness {
  readonly kind: "Deployment" | "Job";
  readonly name: string;
  readonly state: "ready" | "progressing" | "failed";
  readonly desired: number;
  readonly ready: number;
  /** Why it is not ready, when the controller says (e.g. pods rejected by admission). */
  readonly message?: string;
}

export interface DeploymentReadiness {
  readonly ready: boolean;
  readonly workloads: readonly WorkloadReadiness[];
  /** One line for the deployment's status reason. */
  readonly summary: string;
}

interface Condition {
  readonly type?: string;
  readonly status?: string;
  readonly reason?: string;
  readonly message?: string;
}

export interface DeploymentLike {
  readonly metadata?: { readonly name?: string; readonly generation?: number };
  readonly spec?: { readonly replicas?: number };
  readonly status?: {
    readonly observedGeneration?: number;
    readonly replicas?: number;
    readonly readyReplicas?: number;
    readonly availableReplicas?: number;
    readonly updatedReplicas?: number;
    readonly conditions?: readonly Condition[];
  };
}

export interface JobLike {
  readonly metadata?: { readonly name?: string };
  readonly spec?: { readonly backoffLimit?: number };
  readonly status?: {
    readonly succeeded?: number;
    readonly failed?: number;
    readonly conditions?: readonly Condition[];
  };
}

export function deploymentReadiness(deployment: DeploymentLike): WorkloadReadiness {
  const name = deployment.metadata?.name ?? "";
  // The API server defaults replicas to 1; KEDA may have scaled a worker queue to 0.
  const desired = deployment.spec?.replicas ?? 1;
  const status = deployment.status ?? {};
  const ready = status.readyReplicas ?? 0;
  const failure = status.conditions?.find(
    (c) =>
      (c.type === "ReplicaFailure" && c.status === "True") ||
      (c.type === "Progressing" && c.reason === "ProgressDeadlineExceeded"),
  );
  if (failure)
    return {
      kind: "Deployment",
      name,
      state: "failed",
      desired,
      ready,
      message: failure.message ?? failure.reason ?? "",
    };
  const observed = (status.observedGeneration ?? 0) >= (deployment.metadata?.generation ?? 0);
  const done =
    observed &&
    (status.updatedReplicas ?? 0) >= desired &&
    (status.availableReplicas ?? 0) >= desired &&
    ready >= desired &&
    // Old pods of a rollout still running: not done yet.
    (status.replicas ?? 0) <= desired;
  return { kind: "Deployment", name, state: done ? "ready" : "progressing", desired, ready };
}

export function jobReadiness(job: JobLike): WorkloadReadiness {
  const name = job.metadata?.name ?? "";
  const status = job.status ?? {};
  const failed = status.conditions?.find((c) => c.type === "Failed" && c.status === "True");
  if (failed)
    return {
      kind: "Job",
      name,
      state: "failed",
      desired: 1,
      ready: 0,
      message: failed.message ?? failed.reason ?? "",
    };
  const succeeded = (status.succeeded ?? 0) > 0;
  return {
    kind: "Job",
    name,
    state: succeeded ? "ready" : "progressing",
    desired: 1,
    ready: succeeded ? 1 : 0,
  };
}

export function summarise(workloads: readonly WorkloadReadiness[]): DeploymentReadiness {
  const failed = workloads.filter((w) => w.state === "failed");
  const waiting = workloads.filter((w) => w.state === "progressing");
  let summary: string;
  if (workloads.length === 0) summary = "no workloads found";
  else if (failed.length > 0) summary = `failed: ${failed.map((w) => `${w.name} (${w.message})`).join(", ")}`;
  else if (waiting.length > 0)
    summary = `waiting for ${waiting.map((w) => `${w.name} ${w.ready}/${w.desired}`).join(", ")}`;
  else summary = `all ${workloads.length} workloads ready`;
  return { ready: workloads.length > 0 && failed.length === 0 && waiting.length === 0, workloads, summary };
}

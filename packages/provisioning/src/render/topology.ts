// How many of each pod a deployment runs, and how big each is: the one place the renderer's
// Deployments and the ResourceQuota arithmetic both read, so they cannot drift apart.

import type { DeploymentSpec, RuntimeVersion } from "@skyport/deployment-spec";
import {
  type Compute,
  dagProcessorSize,
  FIXED_SIZES,
  SCHEDULER_SIZES,
  WORKER_SIZES,
} from "@skyport/deployment-spec";
import type { PodComponent } from "./labels.ts";

export interface PodGroup {
  readonly component: PodComponent;
  readonly queue?: string;
  /** Replicas at maximum scale. */
  readonly maxReplicas: number;
  /** Effective request/limit of one pod (main containers; init containers are smaller). */
  readonly compute: Compute;
  /** Whether it is a Deployment that surges one pod during a rollout. */
  readonly surges: boolean;
}

/** High availability: two schedulers (Airflow supports several against PostgreSQL), and two
 * of each stateless serving component so a node loss never takes the UI or triggers down. The
 * DAG processor stays single: a second one would parse every file twice, and scheduling
 * continues from already-serialized DAGs while it restarts. */
export function replicasOf(
  spec: DeploymentSpec,
  component: "scheduler" | "ui" | "triggerer" | "dag-processor",
): number {
  if (component === "dag-processor") return 1;
  return spec.highAvailability ? 2 : 1;
}

/** Airflow's default [core] parallelism, used when not overridden. */
const DEFAULT_PARALLELISM = 32;

export function parallelism(spec: DeploymentSpec): number {
  const override = spec.airflowConfigOverrides.find((o) => o.section === "core" && o.key === "parallelism");
  return override ? Number(override.value) : DEFAULT_PARALLELISM;
}

/** The bundle sync sidecar (and its init container), in the pods that read DAGs. */
export const BUNDLE_SYNC_COMPUTE: Compute = { cpuMillis: 100, memoryMiB: 128 };
const FOLLOWS_BUNDLES: ReadonlySet<PodComponent> = new Set([
  "scheduler",
  "dag-processor",
  "triggerer",
  "worker",
]);

export function podGroups(
  spec: DeploymentSpec,
  runtime: RuntimeVersion,
  options: { bundleSync?: boolean } = {},
): PodGroup[] {
  const groups = basePodGroups(spec, runtime);
  if (!options.bundleSync) return groups;
  return groups.map((group) =>
    FOLLOWS_BUNDLES.has(group.component)
      ? {
          ...group,
          compute: {
            cpuMillis: group.compute.cpuMillis + BUNDLE_SYNC_COMPUTE.cpuMillis,
            memoryMiB: group.compute.memoryMiB + BUNDLE_SYNC_COMPUTE.memoryMiB,
          },
        }
      : group,
  );
}

function basePodGroups(spec: DeploymentSpec, runtime: RuntimeVersion): PodGroup[] {
  const groups: PodGroup[] = [
    {
      component: "scheduler",
      maxReplicas: replicasOf(spec, "scheduler"),
      compute: SCHEDULER_SIZES[spec.schedulerSize],
      surges: true,
    },
    {
      component: runtime.uiComponent,
      maxReplicas: replicasOf(spec, "ui"),
      compute: FIXED_SIZES.ui,
      surges: true,
    },
    {
      component: "triggerer",
      maxReplicas: replicasOf(spec, "triggerer"),
      compute: FIXED_SIZES.triggerer,
      surges: true,
    },
    {
      component: "dag-processor",
      maxReplicas: replicasOf(spec, "dag-processor"),
      compute: dagProcessorSize(spec.schedulerSize),
      surges: true,
    },
    { component: "statsd-exporter", maxReplicas: 1, compute: FIXED_SIZES.statsdExporter, surges: true },
    { component: "migrate", maxReplicas: 1, compute: FIXED_SIZES.migrate, surges: false },
  ];
  if (spec.executor === "CELERY") {
    // Recreate strategy: a second broker would split the queue, so Redis never surges.
    groups.push({ component: "redis", maxReplicas: 1, compute: FIXED_SIZES.redis, surges: false });
    for (const queue of spec.workerQueues) {
      groups.push({
        component: "worker",
        queue: queue.name,
        maxReplicas: queue.maxWorkers,
        compute: WORKER_SIZES[queue.workerSize],
        surges: true,
      });
    }
  } else {
    // Each running task is a pod; [core] parallelism caps how many run at once.
    groups.push({
      component: "task",
      maxReplicas: parallelism(spec),
      compute: FIXED_SIZES.kubernetesTask,
      surges: false,
    });
  }
  return groups;
}

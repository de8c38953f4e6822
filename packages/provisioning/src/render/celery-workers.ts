// Celery workers: one Deployment and one KEDA ScaledObject per worker queue. Everything a queue
// owns is named after it and depends only on the queue and deployment-wide config, so editing
// one queue changes only that queue's two objects.
import type { IScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import type { WorkerQueue } from "@skyport/deployment-spec";
import { WORKER_SIZES } from "@skyport/deployment-spec";
import { WORKER_LOG_PORT } from "./airflow-config.ts";
import { airflowPodTemplate } from "./airflow-pod.ts";
import type { RenderContext } from "./context.ts";
import { componentLabels, workerName } from "./labels.ts";
import { probeCommand } from "./pod.ts";
import { AIRFLOW_SERVICE_ACCOUNT } from "./rbac.ts";
import { type NamedDeployment, renderWorkload } from "./workload.ts";

/** Workers get this long to finish running tasks when scaled down or rolled. */
const WORKER_TERMINATION_GRACE_SECONDS = 600;

/**
 * The official Airflow Helm chart's KEDA query (chart/templates/workers/worker-kedaautoscaler.yaml):
 * desired workers = ceil(queued + running task instances / worker concurrency), narrowed to this
 * queue. The parentheses matter: the chart's docs print `state='running' OR state='queued' AND
 * queue IN (...)`, where AND binds first and running tasks of every queue would be counted.
 * Queue names are DNS labels (validated), so interpolating one cannot break out of the literal.
 */
export function kedaQuery(queue: WorkerQueue): string {
  return [
    `SELECT ceil(COUNT(*)::decimal / ${queue.workerConcurrency})`,
    "FROM task_instance",
    "WHERE (state='running' OR state='queued')",
    `AND queue = '${queue.name}'`,
  ].join(" ");
}

export function renderWorkerDeployment(
  ctx: RenderContext,
  queue: WorkerQueue,
  configChecksum: string,
): NamedDeployment {
  const name = workerName(queue.name);
  return renderWorkload(
    ctx,
    name,
    airflowPodTemplate(ctx, {
      component: "worker",
      queue: queue.name,
      args: ["celery", "worker", "--queues", queue.name],
      compute: WORKER_SIZES[queue.workerSize],
      serviceAccountName: AIRFLOW_SERVICE_ACCOUNT,
      ports: [{ name: "worker-logs", containerPort: WORKER_LOG_PORT, protocol: "TCP" }],
      // Per-container env beats the ConfigMap's envFrom: the queue's own concurrency wins, and
      // it is the same number the KEDA query divides by.
      extraEnv: [{ name: "AIRFLOW__CELERY__WORKER_CONCURRENCY", value: String(queue.workerConcurrency) }],
      livenessProbe: probeCommand(
        [
          "sh",
          "-c",
          "exec celery --app airflow.providers.celery.executors.celery_executor.app inspect ping -d celery@$(hostname)",
        ],
        60,
      ),
      configChecksum,
      terminationGracePeriodSeconds: WORKER_TERMINATION_GRACE_SECONDS,
    }),
    { component: "worker", queue: queue.name },
  );
}

export function renderWorkerScaledObject(
  ctx: RenderContext,
  queue: WorkerQueue,
): IScaledObject & { metadata: { name: string } } {
  const name = workerName(queue.name);
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: { name, namespace: ctx.namespace, labels: componentLabels(ctx.owner, "worker", queue.name) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name },
      pollingInterval: 5,
      // Longer than nothing, shorter than the termination grace: scale-to-zero waits five idle
      // minutes, and a worker being drained still gets its full grace period.
      cooldownPeriod: 300,
      minReplicaCount: queue.minWorkers,
      maxReplicaCount: queue.maxWorkers,
      triggers: [
        {
          type: "postgresql",
          metadata: {
            targetQueryValue: "1",
            // Read from the worker container's env, which comes from the metadata DB Secret.
            connectionFromEnv: "AIRFLOW_CONN_AIRFLOW_DB",
            query: kedaQuery(queue),
          },
        },
      ],
    },
  };
}

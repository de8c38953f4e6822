// The Airflow control processes: scheduler, UI (webserver on 2.x, api-server on 3.x), triggerer
// and the standalone DAG processor, plus the schema migration Job they wait for.

import { dagProcessorSize, FIXED_SIZES, SCHEDULER_SIZES } from "@skyport/deployment-spec";
import type { IJob } from "kubernetes-models/batch/v1/Job";
import type { IProbe } from "kubernetes-models/v1/Probe";
import { POD_TEMPLATE_DIR, TRIGGERER_LOG_PORT, UI_PORT } from "./airflow-config.ts";
import { airflowPodTemplate } from "./airflow-pod.ts";
import type { RenderContext } from "./context.ts";
import { POD_TEMPLATE_CONFIG_MAP } from "./kubernetes-executor.ts";
import { componentLabels } from "./labels.ts";
import { probeCommand } from "./pod.ts";
import { AIRFLOW_SERVICE_ACCOUNT, POD_LAUNCHER_SERVICE_ACCOUNT } from "./rbac.ts";
import { replicasOf } from "./topology.ts";
import { type NamedDeployment, renderDisruptionBudget, renderWorkload } from "./workload.ts";

function jobCheck(jobType: string): IProbe {
  return probeCommand(["airflow", "jobs", "check", "--job-type", jobType, "--local"]);
}

export function renderAirflowComponents(ctx: RenderContext, configChecksum: string) {
  const spec = ctx.input.spec;
  const kubernetesExecutor = !ctx.celery;
  const launcher = kubernetesExecutor ? POD_LAUNCHER_SERVICE_ACCOUNT : AIRFLOW_SERVICE_ACCOUNT;
  const schedulerReplicas = replicasOf(spec, "scheduler");
  const uiReplicas = replicasOf(spec, "ui");
  const triggererReplicas = replicasOf(spec, "triggerer");

  const scheduler = renderWorkload(
    ctx,
    "scheduler",
    airflowPodTemplate(ctx, {
      component: "scheduler",
      args: ["scheduler"],
      compute: SCHEDULER_SIZES[spec.schedulerSize],
      serviceAccountName: launcher,
      kubernetesApiAccess: kubernetesExecutor,
      livenessProbe: jobCheck("SchedulerJob"),
      configChecksum,
      spreadReplicas: schedulerReplicas > 1,
      ...(kubernetesExecutor
        ? {
            extraVolumes: [{ name: "pod-template", configMap: { name: POD_TEMPLATE_CONFIG_MAP } }],
            extraVolumeMounts: [{ name: "pod-template", mountPath: POD_TEMPLATE_DIR, readOnly: true }],
          }
        : {}),
    }),
    { component: "scheduler", replicas: schedulerReplicas },
  );

  const uiComponent = ctx.runtime.uiComponent;
  const ui = renderWorkload(
    ctx,
    uiComponent,
    airflowPodTemplate(ctx, {
      component: uiComponent,
      args: [uiComponent],
      compute: FIXED_SIZES.ui,
      // With the KubernetesExecutor, task logs are read from the task pods through the API.
      serviceAccountName: launcher,
      kubernetesApiAccess: kubernetesExecutor,
      ports: [{ name: "http", containerPort: UI_PORT, protocol: "TCP" }],
      readinessProbe: {
        httpGet: { path: ctx.runtime.healthPath, port: "http" },
        initialDelaySeconds: 15,
        periodSeconds: 10,
        timeoutSeconds: 5,
        failureThreshold: 6,
      },
      livenessProbe: {
        httpGet: { path: ctx.runtime.healthPath, port: "http" },
        initialDelaySeconds: 60,
        periodSeconds: 30,
        timeoutSeconds: 10,
        failureThreshold: 5,
      },
      configChecksum,
      spreadReplicas: uiReplicas > 1,
    }),
    { component: uiComponent, replicas: uiReplicas },
  );

  const triggerer = renderWorkload(
    ctx,
    "triggerer",
    airflowPodTemplate(ctx, {
      component: "triggerer",
      args: ["triggerer"],
      compute: FIXED_SIZES.triggerer,
      serviceAccountName: AIRFLOW_SERVICE_ACCOUNT,
      ports: [{ name: "triggerer-logs", containerPort: TRIGGERER_LOG_PORT, protocol: "TCP" }],
      livenessProbe: jobCheck("TriggererJob"),
      configChecksum,
      spreadReplicas: triggererReplicas > 1,
    }),
    { component: "triggerer", replicas: triggererReplicas },
  );

  const dagProcessor = renderWorkload(
    ctx,
    "dag-processor",
    airflowPodTemplate(ctx, {
      component: "dag-processor",
      args: ["dag-processor"],
      compute: dagProcessorSize(spec.schedulerSize),
      serviceAccountName: AIRFLOW_SERVICE_ACCOUNT,
      livenessProbe: jobCheck("DagProcessorJob"),
      configChecksum,
    }),
    { component: "dag-processor", replicas: replicasOf(spec, "dag-processor") },
  );

  const deployments: NamedDeployment[] = [scheduler, ui, triggerer, dagProcessor];
  const budgets = spec.highAvailability
    ? [
        renderDisruptionBudget(ctx, "scheduler", "scheduler"),
        renderDisruptionBudget(ctx, uiComponent, uiComponent),
        renderDisruptionBudget(ctx, "triggerer", "triggerer"),
      ]
    : [];
  return { deployments, budgets };
}

/** `airflow db migrate` for this runtime version. A Job's pod template is immutable, so the Job
 * is named after the version (an upgrade gets a new Job, the old one is pruned) and carries no
 * config checksum: nothing in it changes for the life of its name. */
export function renderMigrationJob(ctx: RenderContext): IJob & { metadata: { name: string } } {
  const template = airflowPodTemplate(ctx, {
    component: "migrate",
    args: ["db", "migrate"],
    compute: FIXED_SIZES.migrate,
    serviceAccountName: AIRFLOW_SERVICE_ACCOUNT,
    waitForMigrations: false,
    restartPolicy: "OnFailure",
  });
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: migrationJobName(ctx.runtime.version),
      namespace: ctx.namespace,
      labels: componentLabels(ctx.owner, "migrate"),
    },
    spec: { backoffLimit: 6, template },
  };
}

export function migrationJobName(version: string): string {
  return `airflow-migrate-${version.replaceAll(".", "-")}`;
}

// The pod template KubernetesExecutor task pods are created from. Airflow's built-in default has
// no security context, which the namespace's `restricted` Pod Security admission would reject;
// this one is built from the same parts as every other Skyport pod, and renderDeployment
// exposes the Pod so tests check it like any rendered pod.

import { FIXED_SIZES } from "@skyport/deployment-spec";
import type { IConfigMap } from "kubernetes-models/v1/ConfigMap";
import type { IPod } from "kubernetes-models/v1/Pod";
import { stringify } from "yaml";
import { POD_TEMPLATE_FILE } from "./airflow-config.ts";
import { airflowPodTemplate } from "./airflow-pod.ts";
import type { RenderContext } from "./context.ts";
import { ownershipLabels } from "./labels.ts";
import { AIRFLOW_SERVICE_ACCOUNT } from "./rbac.ts";

export const POD_TEMPLATE_CONFIG_MAP = "airflow-pod-template";

export function taskPodTemplate(ctx: RenderContext): IPod & { metadata: { name: string } } {
  const template = airflowPodTemplate(ctx, {
    component: "task",
    args: [],
    compute: FIXED_SIZES.kubernetesTask,
    serviceAccountName: AIRFLOW_SERVICE_ACCOUNT,
    // The scheduler only launches tasks after migrations; task pods need not wait.
    waitForMigrations: false,
    restartPolicy: "Never",
  });
  const spec = template.spec;
  if (!spec) throw new Error("pod template without spec");
  // KubernetesExecutor replaces the command of the container named `base`.
  spec.containers = spec.containers.map((container) => ({ ...container, name: "base" }));
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "airflow-task", labels: template.metadata?.labels ?? {} },
    spec,
  };
}

export function renderPodTemplateConfigMap(ctx: RenderContext): IConfigMap & { metadata: { name: string } } {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: POD_TEMPLATE_CONFIG_MAP, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    data: {
      [POD_TEMPLATE_FILE]: stringify(taskPodTemplate(ctx), { aliasDuplicateObjects: false, lineWidth: 0 }),
    },
  };
}

// The namespace, its Pod Security labels, and the ResourceQuota/LimitRange fencing the tenant's
// consumption to what its sizes add up to.

import { cpuQuantity, FIXED_SIZES, LARGEST_CONTAINER, memoryQuantity } from "@skyport/deployment-spec";
import type { ILimitRange } from "kubernetes-models/v1/LimitRange";
import type { INamespace } from "kubernetes-models/v1/Namespace";
import type { IResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { RenderContext } from "./context.ts";
import { DEPLOYMENT_NAME_ANNOTATION, GENERATION, ownershipLabels } from "./labels.ts";
import { quotaTotals } from "./quota.ts";

/** `enforce` is pinned to the Kubernetes minor the renderer is validated against, so a cluster
 * upgrade that tightens the profile cannot suddenly reject a running deployment's pods; `audit`
 * and `warn` follow `latest` so such a change shows up in audit logs and warnings first. */
export const POD_SECURITY_LEVEL = "restricted";
export const POD_SECURITY_ENFORCE_VERSION = "v1.33";

export function renderNamespace(ctx: RenderContext): INamespace & { metadata: { name: string } } {
  return {
    apiVersion: "v1",
    kind: "Namespace",
    metadata: {
      name: ctx.namespace,
      labels: {
        ...ownershipLabels(ctx.owner),
        // The only object carrying the generation: on pods or Deployments it would roll every
        // component on every spec edit.
        [GENERATION]: String(ctx.input.generation),
        "pod-security.kubernetes.io/enforce": POD_SECURITY_LEVEL,
        "pod-security.kubernetes.io/enforce-version": POD_SECURITY_ENFORCE_VERSION,
        "pod-security.kubernetes.io/audit": POD_SECURITY_LEVEL,
        "pod-security.kubernetes.io/audit-version": "latest",
        "pod-security.kubernetes.io/warn": POD_SECURITY_LEVEL,
        "pod-security.kubernetes.io/warn-version": "latest",
      },
      annotations: { [DEPLOYMENT_NAME_ANNOTATION]: ctx.input.name },
    },
  };
}

export function renderResourceQuota(ctx: RenderContext): IResourceQuota & { metadata: { name: string } } {
  const totals = quotaTotals(ctx.input.spec, ctx.runtime, { bundleSync: ctx.input.bundleSync !== undefined });
  const cpu = cpuQuantity(totals.cpuMillis);
  const memory = memoryQuantity(totals.memoryMiB);
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "deployment-quota", namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    spec: {
      hard: {
        "requests.cpu": cpu,
        "limits.cpu": cpu,
        "requests.memory": memory,
        "limits.memory": memory,
        pods: String(totals.pods),
        // Airflow needs none of these; a tenant creating them could expose or exhaust the cluster.
        "services.loadbalancers": "0",
        "services.nodeports": "0",
        persistentvolumeclaims: "0",
        services: "10",
        secrets: "20",
        configmaps: "20",
      },
    },
  };
}

export function renderLimitRange(ctx: RenderContext): ILimitRange & { metadata: { name: string } } {
  const task = {
    cpu: cpuQuantity(FIXED_SIZES.kubernetesTask.cpuMillis),
    memory: memoryQuantity(FIXED_SIZES.kubernetesTask.memoryMiB),
  };
  return {
    apiVersion: "v1",
    kind: "LimitRange",
    metadata: { name: "container-limits", namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    spec: {
      limits: [
        {
          type: "Container",
          // Containers that declare nothing (a KubernetesExecutor task overriding its pod) get a
          // task pod's size instead of being rejected by the quota.
          default: task,
          defaultRequest: task,
          // No container larger than the largest size Skyport sells.
          max: {
            cpu: cpuQuantity(LARGEST_CONTAINER.cpuMillis),
            memory: memoryQuantity(LARGEST_CONTAINER.memoryMiB),
          },
        },
      ],
    },
  };
}

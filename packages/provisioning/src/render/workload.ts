// Deployment and PodDisruptionBudget wrappers shared by every component.
import type { IDeployment } from "kubernetes-models/apps/v1/Deployment";
import type { IDeploymentStrategy } from "kubernetes-models/apps/v1/DeploymentStrategy";
import type { IPodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import type { IPodTemplateSpec } from "kubernetes-models/v1/PodTemplateSpec";
import type { IService } from "kubernetes-models/v1/Service";
import type { IServicePort } from "kubernetes-models/v1/ServicePort";
import type { RenderContext } from "./context.ts";
import { componentLabels, componentSelector, type PodComponent } from "./labels.ts";

export type NamedDeployment = IDeployment & { metadata: { name: string } };

/** One extra pod at a time, never below the desired count: the quota reserves one surge pod per
 * Deployment for exactly this (see quota.ts). */
export const ROLLING: IDeploymentStrategy = {
  type: "RollingUpdate",
  rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
};

export interface DeploymentOptions {
  readonly component: PodComponent;
  readonly queue?: string;
  /** Omitted for Celery workers: KEDA owns their replica count, and a field Skyport applied
   * would be reset on every reconcile, fighting the autoscaler. */
  readonly replicas?: number;
  readonly strategy?: IDeploymentStrategy;
}

export function renderWorkload(
  ctx: RenderContext,
  name: string,
  template: IPodTemplateSpec,
  options: DeploymentOptions,
): NamedDeployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: {
      name,
      namespace: ctx.namespace,
      labels: componentLabels(ctx.owner, options.component, options.queue),
    },
    spec: {
      ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      revisionHistoryLimit: 3,
      selector: { matchLabels: componentSelector(ctx.owner, options.component, options.queue) },
      strategy: options.strategy ?? ROLLING,
      template,
    },
  };
}

export function renderDisruptionBudget(
  ctx: RenderContext,
  name: string,
  component: PodComponent,
): IPodDisruptionBudget & { metadata: { name: string } } {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, namespace: ctx.namespace, labels: componentLabels(ctx.owner, component) },
    spec: { minAvailable: 1, selector: { matchLabels: componentSelector(ctx.owner, component) } },
  };
}

/** A ClusterIP Service named `name` in front of one component's pods, labelled like them. */
export function clusterService(
  ctx: RenderContext,
  name: string,
  component: PodComponent,
  ports: IServicePort[],
): IService & { metadata: { name: string } } {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: ctx.namespace, labels: componentLabels(ctx.owner, component) },
    spec: { type: "ClusterIP", selector: componentSelector(ctx.owner, component), ports },
  };
}

// Names and labels shared by every rendered object. Ownership labels let the reconciler find
// (and prune) exactly the objects Skyport created for one deployment; component labels are what
// Services, NetworkPolicies and Deployment selectors match on, so they never change once created
// (a Deployment's selector is immutable).
import type { AirflowComponent } from "@skyport/deployment-spec";

export const MANAGED_BY = "app.kubernetes.io/managed-by";
export const MANAGED_BY_VALUE = "skyport";
export const DEPLOYMENT_ID = "skyport.io/deployment-id";
export const ORGANIZATION_ID = "skyport.io/organization-id";
export const WORKSPACE_ID = "skyport.io/workspace-id";
export const GENERATION = "skyport.io/generation";
export const NAME = "app.kubernetes.io/name";
export const COMPONENT = "app.kubernetes.io/component";
export const PART_OF = "app.kubernetes.io/part-of";
export const WORKER_QUEUE = "skyport.io/worker-queue";
export const CONFIG_CHECKSUM = "skyport.io/config-checksum";
/** Digest of the customer environment's names, row ids and value versions (never its values). */
export const ENVIRONMENT_CHECKSUM = "skyport.io/environment-checksum";
export const DEPLOYMENT_NAME_ANNOTATION = "skyport.io/deployment-name";

/** Every pod kind Skyport runs. `task` is a KubernetesExecutor task pod, `migrate` the DB job. */
export type PodComponent = AirflowComponent | "worker" | "redis" | "statsd-exporter" | "task" | "migrate";

export interface Owner {
  readonly deploymentId: string;
  readonly organizationId: string;
  readonly workspaceId: string;
}

export function namespaceName(shortId: string): string {
  return `skyport-${shortId}`;
}

export function ownershipLabels(owner: Owner): Record<string, string> {
  return {
    [MANAGED_BY]: MANAGED_BY_VALUE,
    [PART_OF]: "skyport-deployment",
    [DEPLOYMENT_ID]: owner.deploymentId,
    [ORGANIZATION_ID]: owner.organizationId,
    [WORKSPACE_ID]: owner.workspaceId,
  };
}

/** The label set selecting one component's pods (plus the queue for Celery workers). Stable:
 * used as Deployment selectors. */
export function componentSelector(
  owner: Owner,
  component: PodComponent,
  queue?: string,
): Record<string, string> {
  const selector: Record<string, string> = {
    [DEPLOYMENT_ID]: owner.deploymentId,
    [COMPONENT]: component,
  };
  if (queue !== undefined) selector[WORKER_QUEUE] = queue;
  return selector;
}

const AIRFLOW_COMPONENTS: ReadonlySet<PodComponent> = new Set<PodComponent>([
  "scheduler",
  "webserver",
  "api-server",
  "triggerer",
  "dag-processor",
  "worker",
  "task",
  "migrate",
]);

/** `app.kubernetes.io/name`: which software the pod runs. NetworkPolicies use `airflow` to mean
 * "any process holding the metadata database credentials". */
export function softwareName(component: PodComponent): "airflow" | "redis" | "statsd-exporter" {
  if (AIRFLOW_COMPONENTS.has(component)) return "airflow";
  return component === "redis" ? "redis" : "statsd-exporter";
}

export function componentLabels(
  owner: Owner,
  component: PodComponent,
  queue?: string,
): Record<string, string> {
  return {
    ...ownershipLabels(owner),
    [NAME]: softwareName(component),
    ...componentSelector(owner, component, queue),
  };
}

export function workerName(queue: string): string {
  return `worker-${queue}`;
}

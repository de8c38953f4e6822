// The API resources the stand-in serves, with their discovery documents and official schemas.
// Deliberately its own registry (not the product's KINDS): the stand-in plays the API server and
// must not trust the code under test to say what is valid.
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ReplicaSet } from "kubernetes-models/apps/v1/ReplicaSet";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Job } from "kubernetes-models/batch/v1/Job";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Pod } from "kubernetes-models/v1/Pod";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { Secret } from "kubernetes-models/v1/Secret";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";

type Validating = new (data: never) => { validate(): void };

export interface ApiResource {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
  readonly schema: Validating;
  /** Whether metadata.generation tracks spec changes (objects with a spec/status split). */
  readonly hasStatus: boolean;
}

function resource(
  groupVersion: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  schema: unknown,
  hasStatus = false,
): ApiResource {
  const [group, version] = groupVersion.includes("/") ? groupVersion.split("/") : ["", groupVersion];
  return {
    group: group ?? "",
    version: version ?? "",
    kind,
    plural,
    namespaced,
    schema: schema as Validating,
    hasStatus,
  };
}

export const RESOURCES: readonly ApiResource[] = [
  resource("v1", "Namespace", "namespaces", false, Namespace, true),
  resource("v1", "Pod", "pods", true, Pod, true),
  resource("v1", "Service", "services", true, Service, true),
  resource("v1", "ServiceAccount", "serviceaccounts", true, ServiceAccount),
  resource("v1", "Secret", "secrets", true, Secret),
  resource("v1", "ConfigMap", "configmaps", true, ConfigMap),
  resource("v1", "ResourceQuota", "resourcequotas", true, ResourceQuota, true),
  resource("v1", "LimitRange", "limitranges", true, LimitRange),
  resource("apps/v1", "Deployment", "deployments", true, Deployment, true),
  resource("apps/v1", "StatefulSet", "statefulsets", true, StatefulSet, true),
  resource("apps/v1", "ReplicaSet", "replicasets", true, ReplicaSet, true),
  resource("batch/v1", "Job", "jobs", true, Job, true),
  resource("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true, NetworkPolicy),
  resource("networking.k8s.io/v1", "Ingress", "ingresses", true, Ingress, true),
  resource("rbac.authorization.k8s.io/v1", "Role", "roles", true, Role),
  resource("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true, RoleBinding),
  resource("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true, PodDisruptionBudget, true),
  resource("keda.sh/v1alpha1", "ScaledObject", "scaledobjects", true, ScaledObject, true),
];

export function apiVersionOf(resource: ApiResource): string {
  return resource.group ? `${resource.group}/${resource.version}` : resource.version;
}

export function findByPlural(group: string, version: string, plural: string): ApiResource | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.plural === plural);
}

export function findByKind(apiVersion: string, kind: string): ApiResource | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/** GET /api/v1 or /apis/<group>/<version>: what KubernetesObjectApi uses to build paths. */
export function discoveryDocument(group: string, version: string): object | undefined {
  const resources = RESOURCES.filter((r) => r.group === group && r.version === version);
  if (resources.length === 0) return undefined;
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources: resources.map((r) => ({
      name: r.plural,
      singularName: r.kind.toLowerCase(),
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: ["create", "delete", "get", "list", "patch"],
    })),
  };
}

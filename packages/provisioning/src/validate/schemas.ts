// The OpenAPI schemas rendered objects are checked against: kubernetes-models' compiled
// validators for the official Kubernetes API, and @kubernetes-models/keda's for KEDA's CRDs
// (generated from KEDA's own API types, the same source as its published CRD schema).
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
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

/** A model class: construct with data, `validate()` throws on schema violations. */
type ModelClass = new (data: never) => { validate(): void };

export interface KindInfo {
  readonly apiVersion: string;
  readonly kind: string;
  /** Plural resource name in API paths. */
  readonly resource: string;
  readonly namespaced: boolean;
  readonly model: ModelClass;
  /** How the API server validates metadata.name for this kind. */
  readonly nameRule: "dns-label" | "dns-1035-label" | "dns-subdomain" | "path-segment";
  /** Whether renderDeployment emits this kind (and so pruning must look at it). */
  readonly rendered: boolean;
}

function kind(
  apiVersion: string,
  kindName: string,
  resource: string,
  namespaced: boolean,
  model: ModelClass,
  nameRule: KindInfo["nameRule"] = "dns-subdomain",
): KindInfo {
  // Pods and StatefulSets are known (tests, the stand-in, KubernetesExecutor task pods) but never
  // rendered: pruning must not touch task pods, which carry Skyport's labels.
  const rendered = kindName !== "Pod" && kindName !== "StatefulSet";
  return { apiVersion, kind: kindName, resource, namespaced, model, nameRule, rendered };
}

/** Every kind Skyport renders (plus Pod and StatefulSet, which tests and the stand-in use). */
export const KINDS: readonly KindInfo[] = [
  kind("v1", "Namespace", "namespaces", false, Namespace as ModelClass, "dns-label"),
  kind("v1", "ResourceQuota", "resourcequotas", true, ResourceQuota as ModelClass),
  kind("v1", "LimitRange", "limitranges", true, LimitRange as ModelClass),
  kind("v1", "ServiceAccount", "serviceaccounts", true, ServiceAccount as ModelClass),
  kind("v1", "Secret", "secrets", true, Secret as ModelClass),
  kind("v1", "ConfigMap", "configmaps", true, ConfigMap as ModelClass),
  kind("v1", "Service", "services", true, Service as ModelClass, "dns-1035-label"),
  kind("v1", "Pod", "pods", true, Pod as ModelClass),
  kind("apps/v1", "Deployment", "deployments", true, Deployment as ModelClass),
  kind("apps/v1", "StatefulSet", "statefulsets", true, StatefulSet as ModelClass),
  kind("batch/v1", "Job", "jobs", true, Job as ModelClass),
  kind("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true, NetworkPolicy as ModelClass),
  kind("networking.k8s.io/v1", "Ingress", "ingresses", true, Ingress as ModelClass),
  kind("rbac.authorization.k8s.io/v1", "Role", "roles", true, Role as ModelClass, "path-segment"),
  kind(
    "rbac.authorization.k8s.io/v1",
    "RoleBinding",
    "rolebindings",
    true,
    RoleBinding as ModelClass,
    "path-segment",
  ),
  kind("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true, PodDisruptionBudget as ModelClass),
  kind("keda.sh/v1alpha1", "ScaledObject", "scaledobjects", true, ScaledObject as ModelClass),
];

export function kindInfo(apiVersion: string, kindName: string): KindInfo | undefined {
  return KINDS.find((entry) => entry.apiVersion === apiVersion && entry.kind === kindName);
}

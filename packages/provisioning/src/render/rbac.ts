// Service accounts. Airflow pods run as `airflow`, which has no permissions and no token. Only
// with the KubernetesExecutor do the scheduler (launching task pods) and the UI (reading task
// pod logs) run as `airflow-pod-launcher`, bound to a namespace-scoped Role: the deployment can
// manage pods in its own namespace and nothing else.
import type { IRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import type { IRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { IServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import type { RenderContext } from "./context.ts";
import { ownershipLabels } from "./labels.ts";

export const AIRFLOW_SERVICE_ACCOUNT = "airflow";
export const POD_LAUNCHER_SERVICE_ACCOUNT = "airflow-pod-launcher";

type Named<T> = T & { metadata: { name: string } };

function serviceAccount(ctx: RenderContext, name: string): Named<IServiceAccount> {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name, namespace: ctx.namespace, labels: ownershipLabels(ctx.owner) },
    // Pods that need a token opt in one by one (automountServiceAccountToken on the pod).
    automountServiceAccountToken: false,
  };
}

export function renderServiceAccounts(ctx: RenderContext) {
  const accounts = [serviceAccount(ctx, AIRFLOW_SERVICE_ACCOUNT)];
  const roles: (Named<IRole> | Named<IRoleBinding>)[] = [];
  if (!ctx.celery) {
    accounts.push(serviceAccount(ctx, POD_LAUNCHER_SERVICE_ACCOUNT));
    roles.push(
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "Role",
        metadata: {
          name: POD_LAUNCHER_SERVICE_ACCOUNT,
          namespace: ctx.namespace,
          labels: ownershipLabels(ctx.owner),
        },
        rules: [
          { apiGroups: [""], resources: ["pods"], verbs: ["create", "get", "list", "watch", "delete"] },
          { apiGroups: [""], resources: ["pods/log"], verbs: ["get"] },
        ],
      },
      {
        apiVersion: "rbac.authorization.k8s.io/v1",
        kind: "RoleBinding",
        metadata: {
          name: POD_LAUNCHER_SERVICE_ACCOUNT,
          namespace: ctx.namespace,
          labels: ownershipLabels(ctx.owner),
        },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: POD_LAUNCHER_SERVICE_ACCOUNT },
        subjects: [{ kind: "ServiceAccount", name: POD_LAUNCHER_SERVICE_ACCOUNT, namespace: ctx.namespace }],
      },
    );
  }
  return { accounts, roles };
}

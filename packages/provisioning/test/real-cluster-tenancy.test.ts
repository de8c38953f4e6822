// Multi-tenancy with the real API server's RBAC and Pod Security admission (in the style of the
// Kubernetes multi-tenancy benchmarks): with the ServiceAccounts and Roles Skyport renders, a
// runtime cannot read or write another deployment's namespace, any Secret, or cluster-scoped
// objects; the KubernetesExecutor's pod launcher creates pods only in its own namespace; and a
// privileged pod is refused in every runtime namespace. Checked twice: by SubjectAccessReview,
// and by real requests made with each ServiceAccount's own token (TokenRequest).
import type { DeploymentSpecInput } from "@skyport/deployment-spec";
import { describe, expect, it } from "vitest";
import { KubernetesApplier, renderDeployment } from "../src/index.ts";
import { renderInput } from "./support/fixtures.ts";
import { realClusterAvailable, useRealCluster } from "./support/real-cluster.ts";

const real = useRealCluster({ controllers: false });

const KUBERNETES_EXECUTOR: Partial<DeploymentSpecInput> = { executor: "KUBERNETES", workerQueues: [] };
const CELERY: Partial<DeploymentSpecInput> = {
  workerQueues: [{ name: "default", workerSize: "S", minWorkers: 1, maxWorkers: 2, workerConcurrency: 8 }],
};
/** Two KubernetesExecutor runtimes (tenants a and b) and a Celery one. */
const RUNTIMES = [
  { shortId: "tenanta", spec: KUBERNETES_EXECUTOR },
  { shortId: "tenantb", spec: KUBERNETES_EXECUTOR },
  { shortId: "tenantc", spec: CELERY },
] as const;
const ns = (shortId: string) => `skyport-${shortId}`;

interface Access {
  readonly verb: string;
  readonly resource: string;
  readonly group?: string;
  readonly namespace?: string;
  readonly subresource?: string;
}

async function allowed(
  serviceAccount: { namespace: string; name: string },
  access: Access,
): Promise<boolean> {
  const { cluster } = real();
  const response = await cluster.request<{ status: { allowed: boolean } }>(
    "POST",
    "/apis/authorization.k8s.io/v1/subjectaccessreviews",
    {
      apiVersion: "authorization.k8s.io/v1",
      kind: "SubjectAccessReview",
      spec: {
        user: `system:serviceaccount:${serviceAccount.namespace}:${serviceAccount.name}`,
        groups: [
          "system:serviceaccounts",
          `system:serviceaccounts:${serviceAccount.namespace}`,
          "system:authenticated",
        ],
        resourceAttributes: { group: "", ...access },
      },
    },
  );
  expect(response.status).toBe(201);
  return response.body.status.allowed;
}

/** A token of the ServiceAccount, from the API server (what a pod with automountServiceAccountToken gets). */
async function tokenOf(namespace: string, name: string): Promise<string> {
  const { cluster } = real();
  const response = await cluster.request<{ status: { token: string } }>(
    "POST",
    `/api/v1/namespaces/${namespace}/serviceaccounts/${name}/token`,
    { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { expirationSeconds: 600 } },
  );
  expect(response.status).toBe(201);
  return response.body.status.token;
}

/** A task pod like the ones Airflow launches, compliant with Pod Security `restricted`. */
function taskPod(name: string, privileged = false) {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      // The runtime's own account (a namespace's `default` account exists only once the
      // ServiceAccount controller made it).
      serviceAccountName: "airflow",
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: 50000, seccompProfile: { type: "RuntimeDefault" } },
      containers: [
        {
          name: "base",
          image: "apache/airflow:3.3.1-python3.12",
          resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { cpu: "500m", memory: "1Gi" } },
          securityContext: privileged
            ? { privileged: true }
            : { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
        },
      ],
    },
  };
}

describe.skipIf(!realClusterAvailable)(
  "runtime isolation with the real RBAC and Pod Security admission",
  () => {
    it("applies three runtimes' rendered objects", async () => {
      const applier = new KubernetesApplier(real().kubeConfig);
      for (const runtime of RUNTIMES) {
        await applier.apply(renderDeployment(renderInput({ shortId: runtime.shortId }, runtime.spec)));
      }
    });

    it("no runtime ServiceAccount can touch another namespace, any Secret or cluster-scoped objects", async () => {
      const accounts = [
        { namespace: ns("tenanta"), name: "airflow" },
        { namespace: ns("tenanta"), name: "airflow-pod-launcher" },
        { namespace: ns("tenantc"), name: "airflow" },
      ];
      const other = ns("tenantb");
      const denied: Access[] = [
        ...["get", "list", "watch", "create", "delete", "patch"].map((verb) => ({
          verb,
          resource: "pods",
          namespace: other,
        })),
        ...["get", "list", "create", "update"].map((verb) => ({
          verb,
          resource: "secrets",
          namespace: other,
        })),
        { verb: "get", resource: "configmaps", namespace: other },
        { verb: "get", resource: "pods", subresource: "log", namespace: other },
        { verb: "create", resource: "pods", subresource: "exec", namespace: other },
        { verb: "list", resource: "deployments", group: "apps", namespace: other },
        // Its own namespace's Secrets (the metadata database URL, the Fernet key) are not for the API.
        ...["get", "list", "watch"].map((verb) => ({ verb, resource: "secrets", namespace: ns("tenanta") })),
        {
          verb: "create",
          resource: "rolebindings",
          group: "rbac.authorization.k8s.io",
          namespace: ns("tenanta"),
        },
        { verb: "update", resource: "roles", group: "rbac.authorization.k8s.io", namespace: ns("tenanta") },
        { verb: "patch", resource: "namespaces" },
        { verb: "list", resource: "namespaces" },
        { verb: "get", resource: "nodes" },
        { verb: "list", resource: "persistentvolumes" },
        { verb: "create", resource: "clusterrolebindings", group: "rbac.authorization.k8s.io" },
        { verb: "list", resource: "customresourcedefinitions", group: "apiextensions.k8s.io" },
        { verb: "list", resource: "secrets" },
      ];
      const leaks: string[] = [];
      for (const account of accounts) {
        for (const access of denied) {
          if (account.namespace === access.namespace && access.resource === "pods") continue;
          if (await allowed(account, access))
            leaks.push(`${account.namespace}/${account.name} may ${JSON.stringify(access)}`);
        }
      }
      expect(leaks).toEqual([]);
    });

    it("the KubernetesExecutor's launcher manages pods only in its own namespace; the plain account not at all", async () => {
      const launcher = { namespace: ns("tenanta"), name: "airflow-pod-launcher" };
      for (const verb of ["create", "get", "list", "watch", "delete"]) {
        expect(await allowed(launcher, { verb, resource: "pods", namespace: ns("tenanta") }), verb).toBe(
          true,
        );
        expect(await allowed(launcher, { verb, resource: "pods", namespace: ns("tenantb") }), verb).toBe(
          false,
        );
      }
      expect(
        await allowed(launcher, {
          verb: "get",
          resource: "pods",
          subresource: "log",
          namespace: ns("tenanta"),
        }),
      ).toBe(true);
      expect(
        await allowed(launcher, {
          verb: "create",
          resource: "pods",
          subresource: "exec",
          namespace: ns("tenanta"),
        }),
      ).toBe(false);
      expect(
        await allowed(launcher, {
          verb: "create",
          resource: "deployments",
          group: "apps",
          namespace: ns("tenanta"),
        }),
      ).toBe(false);
      const plain = { namespace: ns("tenanta"), name: "airflow" };
      expect(await allowed(plain, { verb: "create", resource: "pods", namespace: ns("tenanta") })).toBe(
        false,
      );

      // The same, as real requests with the launcher's own token (dry runs: nothing is left behind).
      const { cluster } = real();
      const token = await tokenOf(ns("tenanta"), "airflow-pod-launcher");
      const create = (namespace: string, privileged = false) =>
        cluster.request<{ reason?: string; message?: string }>(
          "POST",
          `/api/v1/namespaces/${namespace}/pods?dryRun=All`,
          taskPod("task-1", privileged),
          { token },
        );
      const own = await create(ns("tenanta"));
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      const elsewhere = await create(ns("tenantb"));
      expect(elsewhere.status).toBe(403);
      expect(elsewhere.body.message).toContain('cannot create resource "pods"');
      const secrets = await cluster.request("GET", `/api/v1/namespaces/${ns("tenanta")}/secrets`, undefined, {
        token,
      });
      expect(secrets.status).toBe(403);
      // Even where it may create pods, a privileged one is refused by Pod Security admission.
      const privileged = await create(ns("tenanta"), true);
      expect(privileged.status).toBe(403);
      expect(privileged.body.message).toContain("violates PodSecurity");
    });

    it("a privileged pod is refused by Pod Security admission in every runtime namespace, even for an administrator", async () => {
      const { cluster } = real();
      for (const runtime of RUNTIMES) {
        const response = await cluster.request<{ message: string }>(
          "POST",
          `/api/v1/namespaces/${ns(runtime.shortId)}/pods?dryRun=All`,
          taskPod("privileged", true),
        );
        expect(response.status, `${runtime.shortId}: ${JSON.stringify(response.body)}`).toBe(403);
        expect(response.body.message).toContain("privileged");
        // The compliant pod is admitted: the refusal is Pod Security's, not a broken namespace.
        const compliant = await cluster.request(
          "POST",
          `/api/v1/namespaces/${ns(runtime.shortId)}/pods?dryRun=All`,
          taskPod("ok"),
        );
        expect(compliant.status, JSON.stringify(compliant.body)).toBe(201);
      }
    });
  },
);

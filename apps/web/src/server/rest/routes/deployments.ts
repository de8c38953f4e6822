import {
  airflowSignInSchema,
  createDeploymentInput,
  deploymentAdminSchema,
  deploymentChangeSchema,
  deploymentDetailsSchema,
  deploymentListItemSchema,
  deploymentLogsSchema,
  deploymentRefSchema,
  getDeploymentInput,
  listDeploymentAdminsInput,
  listDeploymentsInput,
  listWorkerQueuesInput,
  pageSchema,
  readDeploymentLogsInput,
  revealAirflowSignInInput,
  runtimeCatalogSchema,
  updateDeploymentInput,
  workerQueueInput,
  workerQueueRefSchema,
  workerQueueSchema,
} from "@skyport/domain";
import { z } from "zod";
import { defineRoute } from "../define.ts";
import { roleSubject } from "./shared.ts";

const tag = "Deployments";
const queuesTag = "Worker queues";

/** Deployment admins are users or teams, each with grant and revoke. */
function deploymentAdminRoutes(kind: "user" | "team") {
  const { idField, plural, Kind, input, target } = roleSubject(kind, deploymentRefSchema);
  const path = `/organizations/{organizationId}/deployments/{deploymentId}/admins/${plural}/{${idField}}`;
  const output = z.object({ bindingId: z.string() }).loose();
  return [
    defineRoute({
      method: "PUT",
      path,
      operationId: `grantDeploymentAdmin${Kind}`,
      summary: `Make a ${kind} DEPLOYMENT_ADMIN of the deployment`,
      tag,
      input,
      output,
      status: 200,
      handle: ({ caller, input }) => caller.deploymentMember.grant(target(input)),
    }),
    defineRoute({
      method: "DELETE",
      path,
      operationId: `revokeDeploymentAdmin${Kind}`,
      summary: `Take DEPLOYMENT_ADMIN away from a ${kind}`,
      tag,
      input,
      output,
      handle: ({ caller, input }) => caller.deploymentMember.revoke(target(input)),
    }),
  ];
}

export const deploymentRoutes = [
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments",
    operationId: "listDeployments",
    summary:
      "Deployments with their status: one workspace's, or (without workspaceId) every workspace's the caller may read",
    description:
      "Without workspaceId the list spans every workspace of the organization where the caller holds a role (organization owners: all); each item names its workspace (workspaceId, workspaceName).",
    tag,
    input: listDeploymentsInput,
    output: pageSchema(deploymentListItemSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.deployment.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/deployments",
    operationId: "createDeployment",
    summary: "Create a deployment; provisioning starts in the background (watch status)",
    description:
      "Every problem with the spec is reported at once in error.fieldErrors, keyed by dotted path (spec.workerQueues.1.maxWorkers). Nothing is written when any field is wrong.",
    tag,
    input: createDeploymentInput,
    output: deploymentChangeSchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.deployment.create(input),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}",
    operationId: "getDeployment",
    summary: "A deployment: spec, status and reason, Airflow URL, generations",
    tag,
    input: getDeploymentInput,
    output: deploymentDetailsSchema,
    handle: ({ caller, input }) => caller.deployment.get(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/deployments/{deploymentId}",
    operationId: "updateDeployment",
    summary: "Change a deployment's description and/or spec (the complete desired spec)",
    tag,
    input: updateDeploymentInput,
    output: deploymentChangeSchema,
    handle: ({ caller, input }) => caller.deployment.update(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/deployments/{deploymentId}",
    operationId: "deleteDeployment",
    summary: "Start deleting a deployment: status DELETING, then DELETED once its runtime is gone",
    tag,
    input: deploymentRefSchema,
    output: deploymentChangeSchema,
    status: 202,
    async handle({ caller, input }) {
      // The console asks people to type the name; API callers confirm by naming the id.
      const deployment = await caller.deployment.get(input);
      return caller.deployment.delete({ ...input, confirmName: deployment.name });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/logs",
    operationId: "getDeploymentLogs",
    summary: "A component's log of a local runtime: the last lines, or the lines written after a cursor",
    description:
      "To follow a log, call again with since set to the previous answer's cursor. Only local runtimes keep logs Skyport can read; for other deployments available is false and note says where the logs are (on Kubernetes: kubectl logs).",
    tag,
    input: readDeploymentLogsInput,
    output: deploymentLogsSchema,
    handle: ({ caller, input }) => caller.deployment.logs(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/airflow-sign-in",
    operationId: "revealAirflowSignIn",
    summary: "Reveal the generated admin sign-in of a local runtime's Airflow UI (audited)",
    description:
      "Local runtimes get an `admin` user with a password generated per deployment, kept only on the Skyport machine and never logged. Other deployments answer available false and say how their UI authenticates.",
    tag,
    input: revealAirflowSignInInput,
    output: airflowSignInSchema,
    status: 200,
    handle: ({ caller, input }) => caller.deployment.revealAirflowSignIn(input),
  }),
  defineRoute({
    method: "GET",
    path: "/runtime-catalog",
    operationId: "getRuntimeCatalog",
    summary: "Runtime versions, executors, sizes and the Airflow settings rules deployments accept",
    tag,
    input: z.object({}),
    output: runtimeCatalogSchema,
    handle: ({ caller }) => caller.deployment.runtimeCatalog(),
  }),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/admins",
    operationId: "listDeploymentAdmins",
    summary: "Users and teams holding DEPLOYMENT_ADMIN on the deployment",
    tag,
    input: listDeploymentAdminsInput,
    output: pageSchema(deploymentAdminSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.deploymentMember.list(input),
  }),
  ...deploymentAdminRoutes("user"),
  ...deploymentAdminRoutes("team"),
  defineRoute({
    method: "GET",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/worker-queues",
    operationId: "listWorkerQueues",
    summary: "A deployment's worker queues",
    tag: queuesTag,
    input: listWorkerQueuesInput,
    output: pageSchema(workerQueueSchema),
    paginated: true,
    handle: ({ caller, input }) => caller.workerQueue.list(input),
  }),
  defineRoute({
    method: "POST",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/worker-queues",
    operationId: "createWorkerQueue",
    summary: "Add a worker queue (Celery deployments); a new generation to reconcile",
    tag: queuesTag,
    input: workerQueueInput,
    output: deploymentChangeSchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.workerQueue.create(input),
  }),
  defineRoute({
    method: "PATCH",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/worker-queues/{name}",
    operationId: "updateWorkerQueue",
    summary: "Change some of a worker queue's settings",
    tag: queuesTag,
    input: workerQueueInput,
    output: deploymentChangeSchema,
    handle: ({ caller, input }) => caller.workerQueue.update(input),
  }),
  defineRoute({
    method: "DELETE",
    path: "/organizations/{organizationId}/deployments/{deploymentId}/worker-queues/{name}",
    operationId: "deleteWorkerQueue",
    summary: "Remove a worker queue (not default)",
    tag: queuesTag,
    input: workerQueueRefSchema,
    output: deploymentChangeSchema,
    handle: ({ caller, input }) => caller.workerQueue.delete(input),
  }),
];

import type { Deployment } from "../../api/types.ts";
import type { Column, PrintableDetails } from "../../output.ts";
import { shortTime } from "../shared.ts";

export const deploymentColumns: Column<Deployment>[] = [
  { header: "Name", value: (d) => d.name },
  { header: "ID", value: (d) => d.id },
  { header: "Status", value: (d) => d.status },
  { header: "Runtime", value: (d) => d.spec.runtimeVersion },
  { header: "Executor", value: (d) => d.spec.executor },
  { header: "Workspace ID", value: (d) => d.workspaceId },
  { header: "Airflow URL", value: (d) => d.airflowUrl },
];

/** A list prints its deployments; a single one prints as a one-row table. */
export function deploymentRows(deployments: Deployment[], data: unknown = deployments) {
  return { data, columns: deploymentColumns, rows: deployments };
}

/**
 * `deployment inspect` as a table. With -o yaml|json the whole deployment is printed instead,
 * in the format `deployment create --deployment-file` reads.
 */
export function deploymentDetails(deployment: Deployment): PrintableDetails {
  const spec = deployment.spec;
  return {
    data: deployment,
    details: [
      { label: "Name", value: deployment.name },
      { label: "ID", value: deployment.id },
      { label: "Organization ID", value: deployment.organizationId },
      { label: "Workspace ID", value: deployment.workspaceId },
      { label: "Description", value: deployment.description },
      { label: "Status", value: deployment.status },
      { label: "Reason", value: deployment.statusReason },
      { label: "Runtime", value: spec.runtimeVersion },
      { label: "Executor", value: spec.executor },
      { label: "Scheduler size", value: spec.schedulerSize },
      { label: "High availability", value: spec.highAvailability ? "yes" : "no" },
      {
        label: "Worker queues",
        value: spec.workerQueues
          .map((q) => `${q.name} (${q.workerSize}, ${q.minWorkers}–${q.maxWorkers} workers)`)
          .join(", "),
      },
      {
        label: "Airflow config",
        value: spec.airflowConfigOverrides.map((o) => `${o.section}.${o.key}=${o.value}`).join(", "),
      },
      { label: "Contact emails", value: spec.contactEmails.join(", ") },
      { label: "Airflow URL", value: deployment.airflowUrl },
      { label: "Namespace", value: deployment.namespace },
      { label: "Generation", value: `${deployment.generation} (observed ${deployment.observedGeneration})` },
      { label: "Created", value: shortTime(deployment.createdAt) },
      { label: "Updated", value: shortTime(deployment.updatedAt) },
      { label: "Deleted", value: shortTime(deployment.deletedAt) },
    ],
  };
}

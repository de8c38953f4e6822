import type { Deployment } from "../../api/types.ts";
import type { Column, PrintableDetails } from "../../output.ts";
import { shortTime } from "../shared.ts";

/** Listed deployments name their workspace; a single one read back by id does not. */
type Row = Deployment | (Omit<Deployment, "workspaceName"> & { workspaceName?: string });

export const deploymentColumns: Column<Row>[] = [
  { header: "Name", value: (d) => d.name },
  { header: "ID", value: (d) => d.id },
  { header: "Status", value: (d) => d.status },
  { header: "Runtime", value: (d) => d.spec.runtimeVersion },
  { header: "Executor", value: (d) => d.spec.executor },
  { header: "Workspace", value: (d) => d.workspaceName ?? d.workspaceId },
  { header: "Airflow URL", value: (d) => d.airflowUrl },
];

/** A list of deployments as a table (-o json|yaml: the list itself). */
export function deploymentRows(deployments: Row[]) {
  return { data: deployments, columns: deploymentColumns, rows: deployments };
}

/**
 * One deployment as `Label: value` lines: inspect, and what create, update and delete print.
 * With -o yaml|json the whole deployment is printed instead, in the format
 * `deployment create --deployment-file` reads.
 */
export function deploymentDetails(deployment: Row): PrintableDetails {
  const spec = deployment.spec;
  return {
    data: deployment,
    details: [
      { label: "Name", value: deployment.name },
      { label: "ID", value: deployment.id },
      { label: "Organization ID", value: deployment.organizationId },
      { label: "Workspace", value: deployment.workspaceName },
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
      { label: "Git source", value: gitSourceLine(spec.gitSource) },
      { label: "Airflow URL", value: deployment.airflowUrl },
      { label: "Namespace", value: deployment.namespace },
      { label: "Generation", value: `${deployment.generation} (observed ${deployment.observedGeneration})` },
      { label: "Created", value: shortTime(deployment.createdAt) },
      { label: "Updated", value: shortTime(deployment.updatedAt) },
      { label: "Deleted", value: shortTime(deployment.deletedAt) },
    ],
  };
}

/** "https://github.com/acme/dags.git @ main, folder dags, credentials acme_git" (empty without one). */
function gitSourceLine(source: Deployment["spec"]["gitSource"]): string {
  if (!source) return "";
  const parts = [`${source.url} @ ${source.ref}`];
  if (source.subPath) parts.push(`folder ${source.subPath}`);
  if (source.connectionId) parts.push(`credentials ${source.connectionId}`);
  return parts.join(", ");
}

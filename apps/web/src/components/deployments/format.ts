// Plain helpers (no client code), shared by server pages and client forms.
import { asSentence as sentence } from "@skyport/ui";
import type { DeploymentStatus, RuntimeCatalog, Size } from "./types.ts";

/** "2Gi" → "2 GiB": Kubernetes quantities as people read them. */
export function formatMemory(quantity: string): string {
  return quantity.replace(/Gi$/, " GiB").replace(/Mi$/, " MiB");
}

export function formatCompute(compute: { cpu: string; memory: string }): string {
  return `${compute.cpu} CPU, ${formatMemory(compute.memory)}`;
}

export function sizeOf(catalog: RuntimeCatalog, size: Size) {
  return catalog.sizes.find((entry) => entry.size === size);
}

export const EXECUTOR_LABELS: Record<string, string> = { CELERY: "Celery", KUBERNETES: "Kubernetes" };

const STATUS_TEXT: Record<DeploymentStatus, { label: string; tone: "good" | "warning" | "bad" | "neutral" }> =
  {
    CREATING: { label: "Creating", tone: "neutral" },
    DEPLOYING: { label: "Deploying", tone: "neutral" },
    HEALTHY: { label: "Healthy", tone: "good" },
    UNHEALTHY: { label: "Unhealthy", tone: "warning" },
    UPDATING: { label: "Updating", tone: "neutral" },
    DELETING: { label: "Deleting", tone: "neutral" },
    DELETED: { label: "Deleted", tone: "neutral" },
    FAILED: { label: "Failed", tone: "bad" },
  };

export function statusText(status: DeploymentStatus) {
  return STATUS_TEXT[status];
}

/** Where a field's input lives in the page, from its dotted path ("spec.workerQueues.1.name"). */
export function fieldId(path: string): string {
  return `field-${path.replaceAll(".", "-")}`;
}

const SPEC_FIELD_LABELS: Record<string, string> = {
  name: "Name",
  description: "Description",
  confirmName: "Confirmation",
  spec: "Settings",
  runtimeVersion: "Runtime version",
  executor: "Executor",
  schedulerSize: "Scheduler size",
  highAvailability: "High availability",
  workerQueues: "Worker queues",
  airflowConfigOverrides: "Airflow configuration",
  contactEmails: "Contact emails",
};

const QUEUE_FIELD_LABELS: Record<string, string> = {
  name: "name",
  workerSize: "worker size",
  minWorkers: "minimum workers",
  maxWorkers: "maximum workers",
  workerConcurrency: "concurrency",
};

/** A dotted request path in words: "spec.workerQueues.1.maxWorkers" → "Worker queue 2: maximum workers". */
export function describeField(path: string): string {
  const parts = path.split(".");
  const top = parts[0] ?? path;
  if (top !== "spec") return SPEC_FIELD_LABELS[top] ?? top;
  const [, group, index, leaf] = parts;
  if (!group) return "Settings";
  const position = index === undefined ? null : Number(index) + 1;
  const detail = (what: string | undefined) => (what ? `: ${what}` : "");
  switch (group) {
    case "workerQueues":
      return position
        ? `Worker queue ${position}${detail(leaf && (QUEUE_FIELD_LABELS[leaf] ?? leaf))}`
        : "Worker queues";
    case "airflowConfigOverrides":
      return position ? `Airflow setting ${position}${detail(leaf)}` : "Airflow configuration";
    case "contactEmails":
      return position ? `Contact email ${position}` : "Contact emails";
    default:
      return SPEC_FIELD_LABELS[group] ?? group;
  }
}

/**
 * Server messages start in lower case to compose into sentences. Shown alone they start one,
 * unless they start with a name that must stay as written (`core.fernet_key`, `minWorkers`).
 */
export function asSentence(message: string | undefined): string | undefined {
  return message ? sentence(message) : message;
}

interface ErrorWithFields {
  data?: { fieldErrors?: Record<string, string[] | undefined> | null } | null;
}

/** The server's message for one field (dotted path), ready to show next to its input. */
export function messageFor(error: ErrorWithFields | null | undefined, path: string): string | undefined {
  const message = error?.data?.fieldErrors?.[path]?.[0];
  if (!message) return undefined;
  return asSentence(message.startsWith(`${path}: `) ? message.slice(path.length + 2) : message);
}

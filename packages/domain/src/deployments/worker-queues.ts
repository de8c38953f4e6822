// Worker queues as their own resource (REST `.../worker-queues`, `skyport deployment
// worker-queue ...`): each operation is a spec change computed from the stored spec inside the
// deployment's write transaction, validated by the same spec parser as a full update.
import { DEFAULT_QUEUE } from "@skyport/deployment-spec";
import { ConflictError, type FieldIssue, NotFoundError, ValidationError } from "../shared/errors.ts";
import type { DeploymentRef } from "../shared/fields.types.ts";
import type { MutationContext } from "../shared/mutation.ts";
import { keyset, type Page, type PageRequest, pageOfEmbedded } from "../shared/pagination.ts";
import {
  changeDeployment,
  type DeploymentChange,
  type DeploymentServices,
  type DeploymentSite,
  getDeployment,
} from "./deployments.ts";
import type { WorkerQueueInput, WorkerQueueRef, WorkerQueueSettings } from "./deployments.types.ts";
import { type DeploymentSpec, parseSpecRequest } from "./spec.ts";

export type { WorkerQueueSettings };

type QueueOperation =
  | { kind: "create"; name: string; settings: WorkerQueueSettings }
  | { kind: "update"; name: string; settings: WorkerQueueSettings }
  | { kind: "delete"; name: string };

function specFields(spec: DeploymentSpec): Record<string, unknown> {
  const { name: _name, description: _description, ...fields } = spec;
  return fields;
}

function definedSettings(settings: WorkerQueueSettings): Record<string, unknown> {
  return Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
}

/**
 * Issues about the queue being changed are reported under the request's own field names
 * (`maxWorkers`), the rest under their spec paths.
 */
function renameQueueIssues(error: ValidationError, index: number): ValidationError {
  const prefix = `spec.workerQueues.${index}`;
  // The request names one queue, so its issues drop the "Worker queue N: " the spec rules add.
  const own = (message: string) => message.replace(/^Worker queue \d+: /, "");
  const issues: FieldIssue[] = error.issues.map((issue) => {
    if (issue.field === prefix) return { field: "queue", message: own(issue.message) };
    if (issue.field.startsWith(`${prefix}.`))
      return { field: issue.field.slice(prefix.length + 1), message: own(issue.message) };
    return issue;
  });
  return ValidationError.of(issues);
}

function applyQueueOperation(current: DeploymentSpec, description: string, operation: QueueOperation) {
  const queues = current.workerQueues.map((queue) => ({ ...queue }) as Record<string, unknown>);
  const index = queues.findIndex((queue) => queue.name === operation.name);
  let targetIndex = index;
  switch (operation.kind) {
    case "create":
      if (current.executor !== "CELERY") {
        throw new ValidationError(
          "name",
          "worker queues exist only with the Celery executor; this deployment uses the Kubernetes executor",
        );
      }
      if (index >= 0) throw new ConflictError(`worker queue “${operation.name}” already exists`, "name");
      targetIndex = queues.length;
      queues.push({ name: operation.name, ...definedSettings(operation.settings) });
      break;
    case "update":
      if (index < 0) throw new NotFoundError(`worker queue “${operation.name}”`);
      queues[index] = { ...queues[index], ...definedSettings(operation.settings) };
      break;
    case "delete":
      if (index < 0) throw new NotFoundError(`worker queue “${operation.name}”`);
      if (operation.name === DEFAULT_QUEUE) {
        throw new ValidationError(
          "name",
          `the “${DEFAULT_QUEUE}” queue cannot be deleted; every Celery deployment has it`,
        );
      }
      queues.splice(index, 1);
      break;
    default: {
      const never: never = operation;
      throw new Error(`unknown worker queue operation ${String(never)}`);
    }
  }
  try {
    return parseSpecRequest({
      name: current.name,
      description,
      spec: { ...specFields(current), workerQueues: queues },
    });
  } catch (error) {
    if (error instanceof ValidationError && operation.kind !== "delete")
      throw renameQueueIssues(error, targetIndex);
    throw error;
  }
}

function runQueueOperation(
  ctx: MutationContext,
  ref: DeploymentRef,
  operation: QueueOperation,
  services: DeploymentServices,
): Promise<DeploymentChange> {
  return changeDeployment(
    ctx,
    ref,
    services,
    (current, before) => applyQueueOperation(current, before.description, operation),
    { workerQueue: { operation: operation.kind, name: operation.name } },
  );
}

function settingsOperation(kind: "create" | "update") {
  return (
    ctx: MutationContext,
    input: WorkerQueueInput,
    services: DeploymentServices,
  ): Promise<DeploymentChange> => {
    const { organizationId, deploymentId, name, ...settings } = input;
    return runQueueOperation(ctx, { organizationId, deploymentId }, { kind, name, settings }, services);
  };
}

/** Adds a worker queue (Celery deployments); its name must be new in the deployment. */
export const createWorkerQueue = settingsOperation("create");

/** Changes some of a worker queue's settings; the others keep their values. */
export const updateWorkerQueue = settingsOperation("update");

/** Removes a worker queue (not `default`); its workers and autoscaler go at the next reconcile. */
export function deleteWorkerQueue(
  ctx: MutationContext,
  input: WorkerQueueRef,
  services: DeploymentServices,
): Promise<DeploymentChange> {
  const { organizationId, deploymentId, name } = input;
  return runQueueOperation(ctx, { organizationId, deploymentId }, { kind: "delete", name }, services);
}

/**
 * A page of a deployment's worker queues by name. Queues live in the deployment's spec (one
 * row, its queue count bounded by the spec rules), so the page is cut from that row.
 */
export async function listWorkerQueues(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: DeploymentRef & PageRequest,
  site: DeploymentSite,
): Promise<Page<DeploymentSpec["workerQueues"][number]>> {
  const ks = keyset(input);
  const deployment = await getDeployment(
    ctx,
    { organizationId: input.organizationId, deploymentId: input.deploymentId },
    site,
  );
  return pageOfEmbedded(deployment.spec.workerQueues, ks, (queue) => queue.name);
}

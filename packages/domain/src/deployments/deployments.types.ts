// Deployments and their worker queues: the contracts of their operations. The spec fields
// are validated by the deployment-spec rules inside the domain (after authorization), so a
// request learns every problem of its spec at once; the contract documents them.
import { EXECUTORS, SIZES, specFieldsJsonSchema } from "@skyport/deployment-spec";
import { z } from "zod";
import {
  deploymentRefSchema,
  descriptionSchema,
  organizationIdSchema,
  textField,
  workspaceIdSchema,
} from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const DEPLOYMENT_STATUSES = [
  "CREATING",
  "DEPLOYING",
  "HEALTHY",
  "UNHEALTHY",
  "UPDATING",
  "DELETING",
  "DELETED",
  "FAILED",
] as const;

const sizeSchema = z.enum(SIZES);

/** A stored, normalised deployment spec. */
export const deploymentSpecSchema = z.object({
  name: z.string(),
  description: z.string(),
  runtimeVersion: z.string(),
  executor: z.enum(EXECUTORS),
  schedulerSize: sizeSchema,
  highAvailability: z.boolean(),
  workerQueues: z
    .array(
      z.object({
        name: z.string(),
        workerSize: sizeSchema,
        minWorkers: z.number().int(),
        maxWorkers: z.number().int(),
        workerConcurrency: z.number().int(),
      }),
    )
    .readonly(),
  airflowConfigOverrides: z
    .array(z.object({ section: z.string(), key: z.string(), value: z.string() }))
    .readonly(),
  contactEmails: z.array(z.string()).readonly(),
  /** Airflow 3: the Git repository its GitDagBundle follows (credentials: the named connection). */
  gitSource: z
    .object({
      url: z.string(),
      ref: z.string(),
      subPath: z.string(),
      connectionId: z.string().optional(),
    })
    .optional(),
});

export const deploymentRuntimeSchema = z.object({
  version: z.string(),
  /** Airflow major line: 2 or 3. */
  major: z.union([z.literal(2), z.literal(3)]),
  line: z.string(),
  python: z.string(),
  image: z.string(),
});
export type DeploymentRuntime = z.output<typeof deploymentRuntimeSchema>;

export const deploymentViewSchema = z.object({
  id: z.string(),
  organizationId: z.string(),
  workspaceId: z.string(),
  name: z.string(),
  description: z.string(),
  spec: deploymentSpecSchema,
  /** Bumped on every spec change; the worker reconciles towards it. */
  generation: z.number().int(),
  /** The generation the last successful reconcile converged to. */
  observedGeneration: z.number().int(),
  status: z.enum(DEPLOYMENT_STATUSES),
  statusReason: z.string(),
  namespace: z.string(),
  airflowUrl: z.string(),
  /** The catalog entry of the spec's runtime version; null if the catalog no longer lists it. */
  runtime: deploymentRuntimeSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  deletedAt: z.date().nullable(),
});

export const deploymentDetailsSchema = deploymentViewSchema.extend({
  /** What the caller may do with this deployment, straight from the permission table. */
  can: z.object({ update: z.boolean(), delete: z.boolean(), manageEnvironment: z.boolean() }),
});

export const deploymentChangeSchema = z.object({
  deployment: deploymentViewSchema,
  /** False when the reconcile job could not be queued; the worker's sweep picks the change up. */
  reconcileQueued: z.boolean(),
});

/**
 * A request's `spec`: any object here; its fields are checked together by the spec rules in the
 * domain (every problem at once, named like "Worker queue 2: name …"). Documented as the spec.
 */
export const specFieldsInput = z
  .record(z.string(), z.unknown(), { error: "spec must be an object with the deployment's settings" })
  .meta({ title: "Deployment spec", ...specFieldsJsonSchema() });

export const deploymentNameSchema = z
  .string({ error: (issue) => (issue.input === undefined ? "name is required" : "name must be text") })
  .meta({
    title: "Name",
    description: "A DNS label (lowercase letters, digits, '-'), unique in the workspace",
  });

export const createDeploymentInput = z.object({
  organizationId: organizationIdSchema,
  workspaceId: workspaceIdSchema,
  name: deploymentNameSchema,
  description: descriptionSchema.optional(),
  spec: specFieldsInput,
});
export type CreateDeploymentInput = z.output<typeof createDeploymentInput>;

export const updateDeploymentInput = deploymentRefSchema.extend({
  description: descriptionSchema.optional(),
  /** The complete desired spec (not a patch); omit it to change only the description. */
  spec: specFieldsInput.optional(),
});
export type UpdateDeploymentInput = z.output<typeof updateDeploymentInput>;

export const deleteDeploymentInput = deploymentRefSchema.extend({
  /** The deployment's name, typed out by the person deleting it. */
  confirmName: z.string({ error: "confirmName is required" }).meta({ title: "Deployment name (to confirm)" }),
});
export type DeleteDeploymentInput = z.output<typeof deleteDeploymentInput>;

export const getDeploymentInput = deploymentRefSchema;

export const listDeploymentsInput = z.object({
  organizationId: organizationIdSchema,
  /** One workspace's deployments; without it, those of every workspace the caller may read. */
  workspaceId: workspaceIdSchema.nullish(),
  /** Also list deployments the worker has finished deleting (DELETED). */
  includeDeleted: z.boolean().nullish(),
  ...pageInputShape,
});
export type ListDeploymentsInput = z.output<typeof listDeploymentsInput>;
/** A deployment in a list also names its workspace, so a list across workspaces reads by name. */
export const deploymentListItemSchema = deploymentViewSchema.extend({ workspaceName: z.string() });
export type DeploymentListItem = z.output<typeof deploymentListItemSchema>;
export const listWorkerQueuesInput = deploymentRefSchema.extend(pageInputShape);

// Worker queues

/** A queue's name within its deployment; the spec rules check it as a DNS label. */
export const workerQueueNameSchema = textField({ label: "name", title: "Queue name", max: 63 });

/** Settings a request may give; the spec rules check ranges and relations (minWorkers ≤ maxWorkers). */
export const workerQueueSettingsInput = z.object({
  workerSize: z.enum(SIZES, { error: `workerSize must be one of ${SIZES.join(", ")}` }).optional(),
  minWorkers: z
    .number({ error: "minWorkers must be a whole number" })
    .int({ error: "minWorkers must be a whole number" })
    .optional(),
  maxWorkers: z
    .number({ error: "maxWorkers must be a whole number" })
    .int({ error: "maxWorkers must be a whole number" })
    .optional(),
  workerConcurrency: z
    .number({ error: "workerConcurrency must be a whole number" })
    .int({ error: "workerConcurrency must be a whole number" })
    .optional(),
});
export type WorkerQueueSettings = z.output<typeof workerQueueSettingsInput>;

export const workerQueueRefSchema = deploymentRefSchema.extend({ name: workerQueueNameSchema });
export type WorkerQueueRef = z.output<typeof workerQueueRefSchema>;

export const workerQueueInput = workerQueueRefSchema.extend(workerQueueSettingsInput.shape);
export type WorkerQueueInput = z.output<typeof workerQueueInput>;

export const workerQueueSchema = z.object({
  name: z.string(),
  workerSize: z.enum(SIZES),
  minWorkers: z.number().int(),
  maxWorkers: z.number().int(),
  /** Null: the deployment's celery.worker_concurrency override, else Airflow's 16. */
  workerConcurrency: z.number().int().nullable(),
});

// The runtime catalog the deployment forms offer

const computeSchema = z.object({
  cpuMillis: z.number().int(),
  memoryMiB: z.number().int(),
  cpu: z.string(),
  memory: z.string(),
});

export const runtimeCatalogSchema = z.object({
  runtimes: z.array(
    z.object({
      version: z.string(),
      major: z.union([z.literal(2), z.literal(3)]),
      line: z.string(),
      python: z.string(),
      image: z.string(),
    }),
  ),
  defaultRuntimeVersion: z.string(),
  executors: z.array(z.object({ value: z.enum(EXECUTORS), label: z.string(), description: z.string() })),
  sizes: z.array(
    z.object({
      size: z.enum(SIZES),
      scheduler: computeSchema,
      worker: computeSchema,
      dagProcessor: computeSchema,
    }),
  ),
  refusedSettings: z.array(z.object({ section: z.string(), key: z.string(), reason: z.string() })),
  refusedPatterns: z.array(z.string()),
  rangedSettings: z.array(
    z.object({
      section: z.string(),
      key: z.string(),
      description: z.string(),
      kind: z.enum(["integer", "boolean", "enum"]),
      min: z.number().nullable(),
      max: z.number().nullable(),
      values: z.array(z.string()).nullable(),
      runtimeMajor: z.union([z.literal(2), z.literal(3)]).nullable(),
    }),
  ),
  movedSettings: z.array(z.object({ airflow2: z.string(), airflow3: z.string() })),
  limits: z.object({
    defaultQueue: z.string(),
    defaultWorkerConcurrency: z.number().int(),
    maxWorkerQueues: z.number().int(),
    maxWorkersPerQueue: z.number().int(),
    maxContactEmails: z.number().int(),
  }),
});

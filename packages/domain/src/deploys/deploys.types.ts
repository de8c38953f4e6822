// Deploys: the contracts of their operations. A deploy puts a DAG bundle (uploaded first,
// content-addressed by SHA-256) into a deployment; the history keeps who, what and when, and a
// rollback is itself a new deploy.
import { z } from "zod";
import { deploymentIdSchema, descriptionSchema, organizationIdSchema } from "../shared/fields.types.ts";
import { pageInputShape } from "../shared/pagination.ts";

export const DEPLOY_KINDS = ["DAG_BUNDLE", "IMAGE"] as const;
export const DEPLOY_STATUSES = ["PENDING", "ROLLING_OUT", "ACTIVE", "FAILED", "SUPERSEDED"] as const;
export type DeployKindName = (typeof DEPLOY_KINDS)[number];
export type DeployStatusName = (typeof DEPLOY_STATUSES)[number];

/** A bundle's SHA-256: how bundles are named in paths and deploys. */
export const sha256Schema = z
  .string({ error: "sha256 is required" })
  .trim()
  .toLowerCase()
  .regex(/^[0-9a-f]{64}$/, { error: "sha256 must be 64 hexadecimal characters (the bundle's SHA-256)" })
  .meta({ title: "SHA-256" });

/** A deploy is named by its id or by its number within the deployment ("3"). */
export const deployRefSchema = z
  .string({ error: "deployId is required" })
  .trim()
  .min(1, { error: "deployId is required" })
  .max(64, { error: "deployId is not a deploy id or number" })
  .meta({ title: "Deploy (id or number)" });

const ciText = (label: string, title: string, max: number) =>
  z
    .string({ error: `ci.${label} must be text` })
    .trim()
    .max(max, { error: `ci.${label} must be at most ${max} characters` })
    .meta({ title });

/** Where a deploy came from, as the CLI read it from the CI's standard variables. */
export const ciMetadataSchema = z
  .strictObject({
    provider: ciText("provider", "CI provider", 40).optional(),
    commit: ciText("commit", "Commit", 80).optional(),
    branch: ciText("branch", "Branch or tag", 255).optional(),
    pipelineUrl: z
      .url({ error: "ci.pipelineUrl must be an http(s) URL", protocol: /^https?$/ })
      .max(2048, { error: "ci.pipelineUrl must be at most 2048 characters" })
      .optional()
      .meta({ title: "Pipeline URL" }),
  })
  .meta({ title: "CI metadata" });
export type CiMetadata = z.output<typeof ciMetadataSchema>;

export const bundleFileSchema = z.object({ path: z.string(), size: z.number(), sha256: z.string() });

/** A DAG bundle as clients see it (its file list only in a bundle's own view). */
export const bundleSchema = z.strictObject({
  id: z.string(),
  deploymentId: z.string(),
  sha256: z.string(),
  sizeBytes: z.number(),
  uncompressedBytes: z.number(),
  fileCount: z.number(),
  uploadedBy: z.string(),
  createdAt: z.date(),
});
export type BundleView = z.output<typeof bundleSchema>;

export const bundleDetailsSchema = bundleSchema.extend({ files: z.array(bundleFileSchema) });
export type BundleDetails = z.output<typeof bundleDetailsSchema>;

/** Answer of an upload: the bundle, and whether this request stored it (false: it was there). */
export const uploadedBundleSchema = z.strictObject({ bundle: bundleSchema, created: z.boolean() });
export type UploadedBundle = z.output<typeof uploadedBundleSchema>;

/**
 * A rolling-out bundle deploy's progress: the components that must run it, those whose bundle
 * sync reported it installed, those still waited for, and those that cannot install it.
 */
export const deployProgressSchema = z.object({
  expected: z.array(z.string()),
  installed: z.array(z.string()),
  waiting: z.array(z.string()),
  failed: z.array(z.object({ component: z.string(), error: z.string() })),
});
export type DeployProgress = z.output<typeof deployProgressSchema>;

export const deploySchema = z.strictObject({
  id: z.string(),
  deploymentId: z.string(),
  number: z.number(),
  kind: z.enum(DEPLOY_KINDS),
  bundleSha256: z.string().nullable(),
  image: z.string().nullable(),
  /** IMAGE: the Airflow version the image is built from. */
  runtimeVersion: z.string().nullable(),
  description: z.string(),
  ci: ciMetadataSchema,
  actor: z.object({ type: z.string(), id: z.string(), label: z.string() }),
  status: z.enum(DEPLOY_STATUSES),
  statusReason: z.string(),
  rollbackOf: z.object({ id: z.string(), number: z.number() }).nullable(),
  /** While ROLLING_OUT: which components run the new bundle (null otherwise). */
  progress: deployProgressSchema.nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  activatedAt: z.date().nullable(),
  endedAt: z.date().nullable(),
});
export type DeployView = z.output<typeof deploySchema>;

/** What changed in the files against the previous bundle deploy of the deployment. */
export const bundleDiffSchema = z.object({
  /** The deploy compared with (null: this is the first bundle deploy). */
  previousDeploy: z.object({ id: z.string(), number: z.number(), bundleSha256: z.string() }).nullable(),
  added: z.array(z.string()),
  removed: z.array(z.string()),
  changed: z.array(z.string()),
  unchanged: z.number(),
});

export const deployDetailsSchema = deploySchema.extend({
  bundle: bundleSchema.nullable(),
  diff: bundleDiffSchema.nullable(),
});
export type DeployDetails = z.output<typeof deployDetailsSchema>;

const deploymentInput = { organizationId: organizationIdSchema, deploymentId: deploymentIdSchema };

export const getBundleInput = z.object({ ...deploymentInput, sha256: sha256Schema });
export type GetBundleInput = z.output<typeof getBundleInput>;

export const createDeployInput = z.object({
  ...deploymentInput,
  /** The bundle to deploy: uploaded first (PUT …/bundles/{sha256}). */
  bundleSha256: sha256Schema.meta({ title: "Bundle SHA-256" }),
  description: descriptionSchema.optional(),
  ci: ciMetadataSchema.optional(),
});
export type CreateDeployInput = z.output<typeof createDeployInput>;

export const listDeploysInput = z.object({ ...deploymentInput, ...pageInputShape });
export type ListDeploysInput = z.output<typeof listDeploysInput>;

export const getDeployInput = z.object({ ...deploymentInput, deployId: deployRefSchema });
export type GetDeployInput = z.output<typeof getDeployInput>;

export const rollbackDeployInput = z.object({
  ...deploymentInput,
  /** The earlier successful deploy to go back to. */
  deployId: deployRefSchema,
  description: descriptionSchema.optional(),
  ci: ciMetadataSchema.optional(),
});
export type RollbackDeployInput = z.output<typeof rollbackDeployInput>;

/** The runtime's answer: the bundle its sync process should have installed. */
export const runtimeBundleSchema = z.object({ sha256: z.string(), downloadUrl: z.string() });
export type RuntimeBundle = z.output<typeof runtimeBundleSchema>;

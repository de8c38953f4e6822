// Image deploys: the contracts of their operations. An image deploy runs a customer image —
// built FROM the official Apache Airflow image of the deployment's runtime — for every Airflow
// component; its registry credentials are a write-only secret of the deployment.
import { parseFamiliarName } from "@swimlane/docker-reference";
import { z } from "zod";
import { deploymentIdSchema, descriptionSchema, organizationIdSchema } from "../shared/fields.types.ts";
import { ciMetadataSchema } from "./deploys.types.ts";

const IMAGE_MAX = 512;

/**
 * An image reference, REPO:TAG or REPO@sha256:… (or both), in the grammar of the distribution
 * project's reference package (lower-case repository, optional registry host and port). A bare
 * repository is refused: it would mean whatever `latest` is at pull time.
 */
export const imageReferenceSchema = z
  .string({ error: "image is required" })
  .trim()
  .min(1, { error: "image is required" })
  .max(IMAGE_MAX, { error: `image must be at most ${IMAGE_MAX} characters` })
  .transform((value, ctx) => {
    let reference: ReturnType<typeof parseFamiliarName>;
    try {
      reference = parseFamiliarName(value);
    } catch (error) {
      const why = error instanceof Error ? error.message.replace(/^invalid reference format:?\s*/, "") : "";
      ctx.addIssue({
        code: "custom",
        message: `image is not an image reference like REPO:TAG or REPO@sha256:…${why ? ` (${why})` : ""}`,
      });
      return z.NEVER;
    }
    if (reference.type === "repository") {
      ctx.addIssue({
        code: "custom",
        message: "image must name a tag or a digest (REPO:TAG or REPO@sha256:…), not a bare repository",
      });
      return z.NEVER;
    }
    return value;
  })
  .meta({ title: "Image" });

/** The registry host an image is pulled from ("docker.io" for Docker Hub names). */
export function imageRegistry(image: string): string {
  return parseFamiliarName(image).domain ?? "docker.io";
}

const deploymentInput = { organizationId: organizationIdSchema, deploymentId: deploymentIdSchema };

export const createImageDeployInput = z.object({
  ...deploymentInput,
  image: imageReferenceSchema,
  /**
   * The Airflow version the image is built FROM (apache/airflow:<version>-…): it must be the
   * deployment's runtime version. Skyport does not pull the image to read it.
   */
  runtimeVersion: z
    .string({ error: "runtimeVersion is required (the Airflow version the image is built from)" })
    .trim()
    .min(1, { error: "runtimeVersion is required (the Airflow version the image is built from)" })
    .max(32, { error: "runtimeVersion must be at most 32 characters" })
    .meta({ title: "Runtime version of the image" }),
  description: descriptionSchema.optional(),
  ci: ciMetadataSchema.optional(),
});
export type CreateImageDeployInput = z.output<typeof createImageDeployInput>;

const registryHost = z
  .string({ error: "registry is required" })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/, {
    error: "registry must be a registry host like ghcr.io or registry.example.com:5000",
  })
  .max(253, { error: "registry must be at most 253 characters" })
  .meta({ title: "Registry" });

export const setRegistryCredentialInput = z.object({
  ...deploymentInput,
  registry: registryHost,
  username: z
    .string({ error: "username is required" })
    .trim()
    .min(1, { error: "username is required" })
    .max(255, { error: "username must be at most 255 characters" })
    .meta({ title: "Username" }),
  /** Write-only: stored sealed, rendered only into the runtime's imagePullSecret. */
  password: z
    .string({ error: "password is required" })
    .min(1, { error: "password is required" })
    .max(4096, { error: "password must be at most 4096 characters" })
    .meta({ title: "Password or access token", writeOnly: true }),
});
export type SetRegistryCredentialInput = z.output<typeof setRegistryCredentialInput>;

export const registryCredentialRefInput = z.object(deploymentInput);
export type RegistryCredentialRefInput = z.output<typeof registryCredentialRefInput>;

/** A registry credential as every read shows it: never the password. */
export const registryCredentialSchema = z.strictObject({
  registry: z.string(),
  username: z.string(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type RegistryCredentialView = z.output<typeof registryCredentialSchema>;

/** The answer of a read: the credential, or null when none is set. */
export const registryCredentialStatusSchema = z.strictObject({
  credential: registryCredentialSchema.nullable(),
});
export type RegistryCredentialStatus = z.output<typeof registryCredentialStatusSchema>;

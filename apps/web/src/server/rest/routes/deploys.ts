import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import {
  type Actor,
  authenticateBundleCredential,
  bundleDetailsSchema,
  createDeployInput,
  createImageDeployInput,
  currentBundle,
  deployDetailsSchema,
  deploySchema,
  downloadBundle,
  getBundleInput,
  getDeployInput,
  listDeploysInput,
  pageSchema,
  registryCredentialRefInput,
  registryCredentialStatusSchema,
  reportBundleSync,
  rollbackDeployInput,
  runtimeBundleSchema,
  setRegistryCredentialInput,
  sha256Schema,
  UnauthenticatedError,
  uploadBundle,
  uploadedBundleSchema,
  ValidationError,
} from "@skyport/domain";
import { z } from "zod";
import { jsonResponse } from "../../http-errors.ts";
import { defineRoute } from "../define.ts";

const tag = "Deploys";

const deployPath = "/organizations/{organizationId}/deployments/{deploymentId}";

function bearer(request: Request): string {
  const [scheme, credential] = (request.headers.get("authorization") ?? "").split(/\s+/, 2);
  if (scheme?.toLowerCase() !== "bearer" || !credential) {
    throw new UnauthenticatedError("send the deployment's bundle credential (Authorization: Bearer skpb_…)");
  }
  return credential;
}

function contentLength(request: Request): number {
  const raw = request.headers.get("content-length");
  if (raw === null || !/^\d+$/.test(raw.trim())) {
    throw new ValidationError(
      "bundle",
      "send the tar.gz as the request body with its Content-Length (no chunked upload)",
    );
  }
  return Number(raw);
}

/** What a bundle sync reports on its poll (X-Skyport-Installed, X-Skyport-Failed + X-Skyport-Error). */
/** Names one report may carry; a deployment has 3 components plus one per worker queue. */
const MAX_REPORTED_COMPONENTS = 64;

function syncReport(component: string[], headers: Headers) {
  const digest = (name: string) => headers.get(name)?.trim().toLowerCase() || undefined;
  const failed = digest("x-skyport-failed");
  return {
    component,
    installed: digest("x-skyport-installed"),
    failed: failed ? { sha256: failed, error: headers.get("x-skyport-error") ?? "" } : undefined,
  };
}

export const deployRoutes = [
  defineRoute({
    method: "PUT",
    path: `${deployPath}/bundles/{sha256}`,
    operationId: "uploadBundle",
    summary: "Upload a DAG bundle (tar.gz) under its SHA-256; 201 when stored, 200 when already there",
    description:
      "The body is the raw tar.gz with its Content-Length. Skyport checks the SHA-256 and the size, and refuses archives with paths outside the bundle, links, special files or more than the size limits; a refused upload leaves nothing behind.",
    tag,
    input: getBundleInput,
    output: uploadedBundleSchema,
    status: 201,
    rawBody: { contentType: "application/gzip" },
    async handle({ ctx, input, request }) {
      const sizeBytes = contentLength(request);
      const body = request.body
        ? Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      const result = await uploadBundle(
        { db: ctx.services.db, actor: ctx.actor as Actor, context: ctx.request },
        { ...input, sizeBytes, body },
        ctx.services.deploys,
      );
      return jsonResponse(result.created ? 201 : 200, uploadedBundleSchema.parse(result));
    },
  }),
  defineRoute({
    method: "GET",
    path: `${deployPath}/bundles/{sha256}`,
    operationId: "getBundle",
    summary: "A DAG bundle of the deployment with its file list (404 when it was never uploaded)",
    tag,
    input: getBundleInput,
    output: bundleDetailsSchema,
    handle: ({ caller, input }) => caller.deploy.bundle(input),
  }),
  defineRoute({
    method: "POST",
    path: `${deployPath}/deploys`,
    operationId: "createDeploy",
    summary: "Deploy an uploaded DAG bundle; it replaces the current deploy",
    tag,
    input: createDeployInput,
    output: deploySchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.deploy.create(input),
  }),
  defineRoute({
    method: "POST",
    path: `${deployPath}/image-deploys`,
    operationId: "createImageDeploy",
    summary: "Deploy a customer image (REPO:TAG or REPO@sha256:…) to every Airflow component",
    description:
      "The image must be built FROM the official Apache Airflow image of the deployment's runtime: runtimeVersion names that Airflow version and must equal the deployment's. The worker rolls the runtime onto the image; the deploy turns ACTIVE when the runtime is ready on it, FAILED with the reason when it is not. A private registry needs the deployment's registry credential (PUT …/registry-credential).",
    tag,
    input: createImageDeployInput,
    output: deploySchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.deploy.createImage(input),
  }),
  defineRoute({
    method: "GET",
    path: `${deployPath}/registry-credential`,
    operationId: "getRegistryCredential",
    summary: "The registry and username deploy images are pulled with (never the password)",
    tag,
    input: registryCredentialRefInput,
    output: registryCredentialStatusSchema,
    handle: ({ caller, input }) => caller.deploy.registryCredential(input),
  }),
  defineRoute({
    method: "PUT",
    path: `${deployPath}/registry-credential`,
    operationId: "setRegistryCredential",
    summary: "Set the registry credential deploy images are pulled with (write-only)",
    description:
      "Stored encrypted and rendered only into the runtime's kubernetes.io/dockerconfigjson imagePullSecret; no read returns the password.",
    tag,
    input: setRegistryCredentialInput,
    output: registryCredentialStatusSchema,
    handle: ({ caller, input }) => caller.deploy.setRegistryCredential(input),
  }),
  defineRoute({
    method: "DELETE",
    path: `${deployPath}/registry-credential`,
    operationId: "deleteRegistryCredential",
    summary: "Remove the registry credential (images are then pulled anonymously)",
    tag,
    input: registryCredentialRefInput,
    output: registryCredentialStatusSchema,
    handle: ({ caller, input }) => caller.deploy.deleteRegistryCredential(input),
  }),
  defineRoute({
    method: "GET",
    path: `${deployPath}/deploys`,
    operationId: "listDeploys",
    summary: "The deployment's deploys, newest first",
    tag,
    input: listDeploysInput,
    output: pageSchema(deploySchema),
    paginated: true,
    handle: ({ caller, input }) => caller.deploy.list(input),
  }),
  defineRoute({
    method: "GET",
    path: `${deployPath}/deploys/{deployId}`,
    operationId: "getDeploy",
    summary: "One deploy (by id or number) with its bundle and the files it changed",
    tag,
    input: getDeployInput,
    output: deployDetailsSchema,
    handle: ({ caller, input }) => caller.deploy.get(input),
  }),
  defineRoute({
    method: "POST",
    path: `${deployPath}/deploys/{deployId}/rollback`,
    operationId: "rollbackDeploy",
    summary: "Roll back to an earlier deploy (by id or number); the rollback is a new deploy",
    tag,
    input: rollbackDeployInput,
    output: deploySchema,
    idempotent: true,
    handle: ({ caller, input }) => caller.deploy.rollback(input),
  }),
  defineRoute({
    method: "GET",
    path: "/runtime/bundle",
    operationId: "runtimeCurrentBundle",
    summary: "For a deployment's bundle sync: the bundle to run (204: none deployed yet)",
    description:
      "Authenticated with the deployment's read-only bundle credential (Bearer skpb_…), not an API token. Each poll reports what the pod runs: X-Skyport-Component (scheduler, dag-processor, triggerer, worker-<queue>, task; comma-separated when one sync serves several), X-Skyport-Installed (the bundle installed) and, when a bundle can never be installed, X-Skyport-Failed and X-Skyport-Error; a deploy turns ACTIVE once every component reports it and FAILED on such a failure.",
    tag,
    auth: "public",
    extraResponses: {
      "204": "No bundle deployed yet",
      "401": "The bundle credential is missing, unknown or revoked",
    },
    input: z.object({}),
    output: runtimeBundleSchema,
    async handle({ ctx, request }) {
      const holder = await authenticateBundleCredential(ctx.services.db, bearer(request));
      // One sync may serve several components (a local runtime's shared DAG folder): "a,b,c".
      const components = (request.headers.get("x-skyport-component") ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter(Boolean)
        .slice(0, MAX_REPORTED_COMPONENTS);
      if (components.length) {
        await reportBundleSync(ctx.services.db, holder, syncReport(components, request.headers));
      }
      const bundle = await currentBundle(ctx.services.db, holder);
      if (!bundle) return new Response(null, { status: 204 });
      return jsonResponse(200, {
        sha256: bundle.sha256,
        downloadUrl: `/api/v1/runtime/bundle/${bundle.sha256}`,
      });
    },
  }),
  defineRoute({
    method: "GET",
    path: "/runtime/bundle/{sha256}",
    operationId: "runtimeDownloadBundle",
    summary: "For a deployment's bundle sync: the bytes of one of its bundles",
    description: "Authenticated with the deployment's read-only bundle credential (Bearer skpb_…).",
    tag,
    auth: "public",
    extraResponses: { "401": "The bundle credential is missing, unknown or revoked" },
    input: z.object({ sha256: sha256Schema }),
    output: z.string(),
    rawResponse: { contentType: "application/gzip" },
    async handle({ ctx, input, request }) {
      const holder = await authenticateBundleCredential(ctx.services.db, bearer(request));
      const { body, sizeBytes } = await downloadBundle(
        ctx.services.db,
        ctx.services.deploys.objectStore,
        holder,
        input.sha256,
      );
      return new Response(Readable.toWeb(body) as unknown as ReadableStream, {
        status: 200,
        headers: {
          "content-type": "application/gzip",
          "content-length": String(sizeBytes),
          "cache-control": "no-store",
        },
      });
    },
  }),
];

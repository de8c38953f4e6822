// DAG bundles: uploaded tar.gz archives, kept in the object store under a key made of the
// deployment and the SHA-256, and recorded in DagBundle only once the object is stored and
// verified. A refused or broken upload leaves neither a row nor an object.
import { PassThrough, type Readable } from "node:stream";
import {
  type BundleError,
  type BundleLimits,
  DEFAULT_BUNDLE_LIMITS,
  describeBytes,
  inspectBundle,
} from "@skyport/dag-bundle";
import type { Prisma, PrismaClient } from "@skyport/db";
import type { ChecksumMismatchError, ObjectStore, SizeMismatchError } from "@skyport/object-store";
import { authorize, type Db } from "../authz/authorize.ts";
import { actorId } from "../shared/actor.ts";
import { NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import type { BundleDetails, BundleView, GetBundleInput, UploadedBundle } from "./deploys.types.ts";

/** What deploys need from the host: where bundles are kept and how big they may be. */
export interface DeployServices {
  objectStore: ObjectStore;
  bundleLimits?: BundleLimits;
}

export type ReadContext = Pick<MutationContext, "db" | "actor">;

export const bundleSelect = {
  id: true,
  organizationId: true,
  deploymentId: true,
  sha256: true,
  sizeBytes: true,
  uncompressedBytes: true,
  fileCount: true,
  objectKey: true,
  uploadedByLabel: true,
  createdAt: true,
} as const satisfies Prisma.DagBundleSelect;
export type BundleRow = Prisma.DagBundleGetPayload<{ select: typeof bundleSelect }>;

export function toBundleView(row: BundleRow): BundleView {
  return {
    id: row.id,
    deploymentId: row.deploymentId,
    sha256: row.sha256,
    sizeBytes: row.sizeBytes,
    uncompressedBytes: row.uncompressedBytes,
    fileCount: row.fileCount,
    uploadedBy: row.uploadedByLabel,
    createdAt: row.createdAt,
  };
}

/** Where a deployment's bundle lives in the object store. */
export function bundleObjectKey(deploymentId: string, sha256: string): string {
  return `bundles/${deploymentId.toLowerCase()}/${sha256}.tar.gz`;
}

export interface UploadBundleInput extends GetBundleInput {
  /** The body's length in bytes (Content-Length): announced up front, checked at the end. */
  sizeBytes: number;
  body: Readable;
}

/**
 * Stores a DAG bundle for a deployment. The body is streamed once: through the inspection
 * (safe paths, regular files, limits) and into a verified put (size and SHA-256). A bundle the
 * deployment already has is not stored again (`created: false`).
 */
export async function uploadBundle(
  ctx: MutationContext,
  input: UploadBundleInput,
  services: DeployServices,
): Promise<UploadedBundle> {
  const { organizationId, deploymentId, sha256 } = input;
  const limits = services.bundleLimits ?? DEFAULT_BUNDLE_LIMITS;
  try {
    await authorize(ctx.db, ctx.actor, "deploy.create", { organizationId, deploymentId });
    await liveDeployment(ctx.db, organizationId, deploymentId);
    if (!Number.isSafeInteger(input.sizeBytes) || input.sizeBytes < 1) {
      throw new ValidationError("bundle", "the upload is empty; send the tar.gz as the request body");
    }
    if (input.sizeBytes > limits.maxCompressedBytes) {
      throw new ValidationError(
        "bundle",
        `the bundle is ${describeBytes(input.sizeBytes)}, more than the ${describeBytes(limits.maxCompressedBytes)} allowed`,
      );
    }
    const existing = await findBundle(ctx.db, deploymentId, sha256);
    if (existing) return { bundle: toBundleView(existing), created: false };
  } catch (error) {
    input.body.destroy();
    throw error;
  }

  const objectKey = bundleObjectKey(deploymentId, sha256);
  const manifest = await storeVerified(services.objectStore, objectKey, input, limits);
  try {
    return await mutate(
      ctx,
      { permission: "deploy.create", resource: { organizationId, deploymentId } },
      async (tx) => {
        const deployment = await liveDeployment(tx, organizationId, deploymentId);
        const row = await tx.dagBundle.create({
          data: {
            organizationId,
            deploymentId,
            sha256,
            sizeBytes: input.sizeBytes,
            uncompressedBytes: manifest.uncompressedBytes,
            fileCount: manifest.files.length,
            manifest: manifest.files as unknown as Prisma.InputJsonValue,
            objectKey,
            uploadedByType: ctx.actor.type,
            uploadedById: actorId(ctx.actor),
            uploadedByLabel: ctx.actor.label,
          },
          select: bundleSelect,
        });
        return {
          result: { bundle: toBundleView(row), created: true },
          audit: {
            action: "bundle.upload",
            targets: [{ type: "deployment", id: deploymentId, label: deployment.name }],
            metadata: { sha256, sizeBytes: input.sizeBytes, fileCount: manifest.files.length },
          },
        };
      },
    );
  } catch (error) {
    if (isUniqueViolation(error)) {
      // The same bytes arrived twice at once: the other request recorded them.
      const other = await findBundle(ctx.db, deploymentId, sha256);
      if (other) return { bundle: toBundleView(other), created: false };
    }
    if (!(await findBundle(ctx.db, deploymentId, sha256))) await services.objectStore.delete(objectKey);
    throw error;
  }
}

/** Streams the body into the store while inspecting it; refuses (and stores nothing) on any fault. */
async function storeVerified(
  store: ObjectStore,
  key: string,
  input: UploadBundleInput,
  limits: BundleLimits,
) {
  const forInspection = new PassThrough();
  const forStore = new PassThrough();
  // Their errors reach the put and the inspection; a late one must not go unhandled.
  forInspection.on("error", () => {});
  forStore.on("error", () => {});
  const inspecting = inspectBundle(forInspection, limits).catch((error: unknown) => {
    // Stop the put: a refused bundle must never become an object.
    forStore.destroy(new BundleRefused());
    input.body.destroy();
    throw error;
  });
  const storing = store.put(key, forStore, {
    sha256: input.sha256,
    size: input.sizeBytes,
    contentType: "application/gzip",
  });
  const pumping = pump(input.body, [forInspection, forStore]);

  const [inspected, stored, pumped] = await Promise.allSettled([inspecting, storing, pumping]);
  if (inspected.status === "fulfilled" && stored.status === "fulfilled" && pumped.status === "fulfilled") {
    return inspected.value;
  }
  if (stored.status === "fulfilled") await store.delete(key);
  const received = pumped.status === "fulfilled" ? pumped.value : null;
  if (received !== null && received !== input.sizeBytes) {
    throw new ValidationError(
      "bundle",
      received < input.sizeBytes
        ? `the upload was cut short: ${received} of ${input.sizeBytes} bytes arrived`
        : `the upload is longer than the ${input.sizeBytes} bytes announced`,
    );
  }
  throw uploadRefusal(inspected, stored, pumped, input);
}

class BundleRefused extends Error {
  constructor() {
    super("the bundle was refused");
  }
}

/**
 * Errors are told apart by name, not `instanceof`: Next.js bundles route handlers separately,
 * so the object store's and the bundle inspector's classes may exist twice in one process.
 */
function named<T extends Error>(error: unknown, name: string): T | null {
  return error instanceof Error && error.name === name ? (error as T) : null;
}

function uploadRefusal(
  inspected: PromiseSettledResult<unknown>,
  stored: PromiseSettledResult<unknown>,
  pumped: PromiseSettledResult<unknown>,
  input: UploadBundleInput,
): Error {
  const storeError = stored.status === "rejected" ? stored.reason : null;
  const size = named<SizeMismatchError>(storeError, "SizeMismatchError");
  if (size) {
    return new ValidationError(
      "bundle",
      size.actual < size.expected
        ? `the upload was cut short: ${size.actual} of ${size.expected} bytes arrived`
        : `the upload is longer than the ${size.expected} bytes announced`,
    );
  }
  const checksum = named<ChecksumMismatchError>(storeError, "ChecksumMismatchError");
  if (checksum) {
    return new ValidationError(
      "sha256",
      `the uploaded bytes have SHA-256 ${checksum.actual}, not ${input.sha256}: the bundle was changed or damaged on the way`,
    );
  }
  const inspectError = named<BundleError>(
    inspected.status === "rejected" ? inspected.reason : null,
    "BundleError",
  );
  if (inspectError) return new ValidationError("bundle", inspectError.message);
  if (pumped.status === "rejected") {
    return new ValidationError("bundle", "the upload was interrupted before the whole bundle arrived");
  }
  return (storeError ?? (inspected.status === "rejected" ? inspected.reason : null)) as Error;
}

/**
 * Copies a body into several streams, honouring back-pressure; a stream that closes is left
 * out. Answers how many bytes the body had (null: it was not read to its end).
 */
async function pump(source: Readable, targets: PassThrough[]): Promise<number | null> {
  let bytes = 0;
  try {
    for await (const chunk of source) {
      bytes += (chunk as Buffer).length;
      const waits: Promise<void>[] = [];
      for (const target of targets) {
        if (target.destroyed || target.writableEnded) continue;
        if (!target.write(chunk)) {
          waits.push(
            new Promise((resolve) => {
              // Whichever comes first; the other listener goes too, or they pile up per chunk.
              const done = () => {
                target.off("drain", done);
                target.off("close", done);
                resolve();
              };
              target.on("drain", done);
              target.on("close", done);
            }),
          );
        }
      }
      await Promise.all(waits);
      if (targets.every((target) => target.destroyed)) return null;
    }
    for (const target of targets) if (!target.destroyed) target.end();
    return bytes;
  } catch (error) {
    for (const target of targets) target.destroy(error as Error);
    throw error;
  }
}

async function findBundle(db: Db, deploymentId: string, sha256: string): Promise<BundleRow | null> {
  return db.dagBundle.findUnique({
    where: { deploymentId_sha256: { deploymentId, sha256 } },
    select: bundleSelect,
  });
}

/** The deployment, unless it is deleted or being deleted (nothing can be deployed there). */
export async function liveDeployment(db: Db, organizationId: string, deploymentId: string) {
  const deployment = await db.deployment.findFirst({
    where: { id: deploymentId, organizationId, deletedAt: null },
    select: { id: true, name: true, status: true, spec: true },
  });
  if (!deployment || deployment.status === "DELETED") throw new NotFoundError("deployment");
  if (deployment.status === "DELETING") {
    throw new ValidationError(
      "deploymentId",
      "the deployment is being deleted; nothing can be deployed to it",
    );
  }
  return deployment;
}

/** One bundle of a deployment with its file list (a CLI asks before uploading). */
export async function getBundle(ctx: ReadContext, input: GetBundleInput): Promise<BundleDetails> {
  const { organizationId, deploymentId, sha256 } = input;
  await authorize(ctx.db, ctx.actor, "deploy.read", { organizationId, deploymentId });
  const row = await ctx.db.dagBundle.findFirst({
    where: { deploymentId, organizationId, sha256 },
    select: { ...bundleSelect, manifest: true },
  });
  if (!row) throw new NotFoundError("bundle");
  return { ...toBundleView(row), files: manifestFiles(row.manifest) };
}

export function manifestFiles(manifest: Prisma.JsonValue): { path: string; size: number; sha256: string }[] {
  return Array.isArray(manifest)
    ? (manifest as unknown as { path: string; size: number; sha256: string }[])
    : [];
}

export interface BundleCollection {
  /** Bundles removed (rows and objects). */
  removed: { deploymentId: string; sha256: string }[];
}

/** How long an unreferenced bundle is kept (a CI may upload and deploy minutes apart). */
export const DEFAULT_BUNDLE_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * Removes bundles no deploy references that were uploaded longer ago than the retention
 * window: first the row (under the deployment's lock, re-checking, so a deploy being created
 * cannot lose its bundle), then the object.
 */
export async function collectUnusedBundles(
  db: PrismaClient,
  store: ObjectStore,
  options: { retentionMs?: number; now?: Date; batch?: number } = {},
): Promise<BundleCollection> {
  const cutoff = new Date(
    (options.now ?? new Date()).getTime() - (options.retentionMs ?? DEFAULT_BUNDLE_RETENTION_MS),
  );
  const candidates = await db.$queryRaw<
    { id: string; deploymentId: string; sha256: string; objectKey: string }[]
  >`
    SELECT b."id", b."deploymentId", b."sha256", b."objectKey" FROM "DagBundle" b
    WHERE b."createdAt" < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "Deploy" d WHERE d."deploymentId" = b."deploymentId" AND d."bundleSha256" = b."sha256")
    ORDER BY b."createdAt" LIMIT ${options.batch ?? 500}`;
  const removed: BundleCollection["removed"] = [];
  for (const candidate of candidates) {
    const deleted = await db.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT "id" FROM "Deployment" WHERE "id" = ${candidate.deploymentId} FOR UPDATE`;
      const referenced = await tx.deploy.count({
        where: { deploymentId: candidate.deploymentId, bundleSha256: candidate.sha256 },
      });
      if (referenced > 0) return false;
      const { count } = await tx.dagBundle.deleteMany({ where: { id: candidate.id } });
      return count > 0;
    });
    if (!deleted) continue;
    await store.delete(candidate.objectKey);
    removed.push({ deploymentId: candidate.deploymentId, sha256: candidate.sha256 });
  }
  return { removed };
}

// What a runtime's bundle sync process may do: with its deployment's read-only bundle
// credential, learn which bundle is current and download the bundles of that deployment, and
// nothing else. The credential is random, looked up by its SHA-256 and kept sealed (envelope
// encryption) so the worker can render it into the runtime's Secret; no read returns it.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { PrismaClient } from "@skyport/db";
import type { ObjectStore } from "@skyport/object-store";
import type { Db } from "../authz/authorize.ts";
import { rowSealTarget } from "../secrets/registry.ts";
import type { SealTarget, SecretBox } from "../secrets/types.ts";
import { NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";

export const BUNDLE_CREDENTIAL_PREFIX = "skpb_";
const CREDENTIAL_PATTERN = /^skpb_[A-Za-z0-9_-]{43}$/;

function credentialHash(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

function sealTarget(row: { id: string; organizationId: string; valueVersion: number }): SealTarget {
  return rowSealTarget("DeploymentBundleCredential", row);
}

/**
 * The deployment's bundle credential, minted on first use. For the worker only (it renders the
 * value into the runtime's Secret); callers must never log or return it.
 */
export async function deploymentBundleCredential(
  db: PrismaClient,
  secrets: SecretBox,
  deployment: { organizationId: string; deploymentId: string },
): Promise<string> {
  const existing = await db.deploymentBundleCredential.findUnique({
    where: { deploymentId: deployment.deploymentId },
  });
  if (existing) return secrets.open(db, sealTarget(existing), existing.valueCiphertext);
  const secret = `${BUNDLE_CREDENTIAL_PREFIX}${randomBytes(32).toString("base64url")}`;
  try {
    await db.$transaction(async (tx) => {
      const id = randomUUID();
      const target = sealTarget({ id, organizationId: deployment.organizationId, valueVersion: 1 });
      const valueCiphertext = await secrets.seal(tx, target, secret);
      await tx.deploymentBundleCredential.create({
        data: {
          id,
          organizationId: deployment.organizationId,
          deploymentId: deployment.deploymentId,
          secretHash: credentialHash(secret),
          valueCiphertext,
          valueVersion: 1,
        },
      });
    });
    return secret;
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // Another reconcile minted it first: use theirs.
    return deploymentBundleCredential(db, secrets, deployment);
  }
}

export interface BundleCredentialHolder {
  organizationId: string;
  deploymentId: string;
}

/** Who a bearer bundle credential belongs to; unknown ones and deleted deployments are refused alike. */
export async function authenticateBundleCredential(db: Db, secret: string): Promise<BundleCredentialHolder> {
  const refused = new UnauthenticatedError("the bundle credential is invalid");
  if (!CREDENTIAL_PATTERN.test(secret)) throw refused;
  const row = await db.deploymentBundleCredential.findUnique({
    where: { secretHash: credentialHash(secret) },
    select: { organizationId: true, deploymentId: true, deployment: { select: { deletedAt: true } } },
  });
  if (!row || row.deployment.deletedAt) throw refused;
  return { organizationId: row.organizationId, deploymentId: row.deploymentId };
}

/** The bundle the deployment's runtime should run now (null: nothing deployed yet). */
export async function currentBundle(
  db: Db,
  holder: BundleCredentialHolder,
): Promise<{ sha256: string } | null> {
  const deploy = await db.deploy.findFirst({
    where: {
      deploymentId: holder.deploymentId,
      kind: "DAG_BUNDLE",
      status: { in: ["ROLLING_OUT", "ACTIVE"] },
      bundleSha256: { not: null },
    },
    orderBy: { number: "desc" },
    select: { bundleSha256: true },
  });
  return deploy?.bundleSha256 ? { sha256: deploy.bundleSha256 } : null;
}

/** The bytes of one of the deployment's bundles (only its own). */
export async function downloadBundle(
  db: PrismaClient,
  store: ObjectStore,
  holder: BundleCredentialHolder,
  sha256: string,
): Promise<{ body: Readable; sizeBytes: number }> {
  const bundle = await db.dagBundle.findUnique({
    where: { deploymentId_sha256: { deploymentId: holder.deploymentId, sha256 } },
    select: { objectKey: true, sizeBytes: true },
  });
  if (!bundle) throw new NotFoundError("bundle");
  const body = await store.get(bundle.objectKey);
  if (!body) throw new NotFoundError("bundle");
  return { body, sizeBytes: bundle.sizeBytes };
}

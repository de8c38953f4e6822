// The per-deployment ingest token: what a runtime's OpenLineage provider sends its events with
// (`Authorization: Bearer skl_…`, the provider's api_key auth). It is write-only for that one
// deployment's lineage: it authenticates nothing else, and nothing else authenticates ingest.
// It is looked up by its SHA-256 and also kept sealed (envelope encryption, like the bundle
// credential) so provisioning can deliver it into the runtime's Secret; no read returns it.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient, TransactionClient } from "@skyport/db";
import { skyportOpenLineageTransport } from "@skyport/provisioning";
import { jobs } from "@skyport/queue";
import { authorize, type Db } from "../authz/authorize.ts";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import { rowSealTarget } from "../secrets/registry.ts";
import type { DbClient, SealTarget, SecretBox } from "../secrets/types.ts";
import { VerifiedCredentialCache } from "../shared/credential-cache.ts";
import { NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { isUniqueViolation } from "../shared/prisma-errors.ts";
import {
  INGEST_TOKEN_PATTERN,
  INGEST_TOKEN_PREFIX,
  type IngestTokenView,
  type LineageDerivationView,
  type RotatedIngestToken,
  type RotateIngestTokenInput,
} from "./telemetry.types.ts";

/** lastUsedAt is refreshed at most this often per token, so ingest stays one read. */
const LAST_USED_GRANULARITY_MS = 60_000;

export function hashIngestToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** A new token: 256 random bits; only its hash is kept. */
export function generateIngestToken(): { token: string; prefix: string; secretHash: string } {
  const token = `${INGEST_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return {
    token,
    prefix: token.slice(0, INGEST_TOKEN_PREFIX.length + 8),
    secretHash: hashIngestToken(token),
  };
}

export function looksLikeIngestToken(value: string): boolean {
  return INGEST_TOKEN_PATTERN.test(value);
}

const viewSelect = {
  deploymentId: true,
  prefix: true,
  createdAt: true,
  rotatedAt: true,
  lastUsedAt: true,
} as const;

/**
 * Gives a new deployment its ingest token, inside the transaction that creates it. Nobody
 * learns this first token: provisioning (or a person) rotates it to obtain one to deliver.
 */
export async function createIngestTokenForDeployment(
  tx: TransactionClient,
  deployment: { organizationId: string; deploymentId: string },
): Promise<void> {
  const { prefix, secretHash } = generateIngestToken();
  await tx.ingestToken.create({
    data: {
      organizationId: deployment.organizationId,
      deploymentId: deployment.deploymentId,
      prefix,
      secretHash,
    },
  });
}

/** What rotating needs besides the caller: sealing, and the queue that redelivers the token. */
export interface IngestTokenServices extends DeploymentQueue {
  secrets: SecretBox;
}

function sealTarget(row: { id: string; organizationId: string; valueVersion: number }): SealTarget {
  return rowSealTarget("IngestToken", row);
}

/**
 * Writes a new token for the deployment in `tx`: its hash for authentication and the token
 * sealed for provisioning. `expected` is the row as read (null: none yet); the write applies
 * only if the row is still that version, so two writers cannot both believe theirs stands.
 */
async function storeNewToken(
  tx: DbClient,
  secrets: SecretBox,
  deployment: { organizationId: string; deploymentId: string },
  expected: { id: string; valueVersion: number } | null,
  rotatedAt: Date | null,
): Promise<{ token: string; prefix: string; stored: boolean }> {
  const { token, prefix, secretHash } = generateIngestToken();
  const id = expected?.id ?? randomUUID();
  const valueVersion = (expected?.valueVersion ?? 0) + 1;
  const target = sealTarget({ id, organizationId: deployment.organizationId, valueVersion });
  const valueCiphertext = await secrets.seal(tx, target, token);
  const fields = {
    prefix,
    secretHash,
    valueCiphertext,
    valueVersion,
    lastUsedAt: null,
    ...(rotatedAt ? { rotatedAt } : {}),
  };
  if (expected) {
    const { count } = await tx.ingestToken.updateMany({
      where: { id: expected.id, valueVersion: expected.valueVersion },
      data: fields,
    });
    return { token, prefix, stored: count === 1 };
  }
  await tx.ingestToken.create({ data: { id, ...deployment, ...fields } });
  return { token, prefix, stored: true };
}

/**
 * Replaces the deployment's ingest token (creating it for deployments made before tokens
 * existed) and returns the new token, once. The previous token stops working when this
 * commits; the new one is sealed for provisioning and a reconcile is requested so the runtime
 * receives it (if the queue is down, the drift sweep delivers it). Needs
 * deployment.ingestToken.rotate; audited without the token.
 */
export async function rotateIngestToken(
  ctx: MutationContext,
  input: RotateIngestTokenInput,
  services: IngestTokenServices,
): Promise<RotatedIngestToken> {
  const { organizationId, deploymentId } = input;
  const { result, generation } = await mutate(
    ctx,
    { permission: "deployment.ingestToken.rotate", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await tx.deployment.findFirst({
        where: { id: deploymentId, organizationId, deletedAt: null },
        select: { name: true, generation: true },
      });
      if (!deployment) throw new NotFoundError("deployment");
      // Serialises rotations of one deployment: the row is re-read under its lock.
      await tx.$executeRaw`SELECT 1 FROM "IngestToken" WHERE "deploymentId" = ${deploymentId} FOR UPDATE`;
      const existing = await tx.ingestToken.findUnique({
        where: { deploymentId },
        select: { id: true, valueVersion: true },
      });
      const { token, prefix, stored } = await storeNewToken(
        tx,
        services.secrets,
        { organizationId, deploymentId },
        existing,
        new Date(),
      );
      if (!stored) throw new Error("the ingest token changed during rotation");
      const row = await tx.ingestToken.findUniqueOrThrow({ where: { deploymentId }, select: viewSelect });
      return {
        result: { result: { token, ingestToken: row }, generation: deployment.generation },
        audit: {
          action: "deployment.ingestToken.rotate",
          targets: [{ type: "deployment", id: deploymentId, label: deployment.name }],
          metadata: { prefix },
        },
      };
    },
  );
  ingestTokenCache.forgetDeployment(deploymentId);
  await requestTokenDelivery(services, { deploymentId, generation });
  return result;
}

/**
 * Asks the worker to reconcile the deployment so its runtime gets the current token. After the
 * commit, never inside it; a failure to enqueue is left to the drift sweep, which re-renders
 * every deployment.
 */
async function requestTokenDelivery(
  queue: DeploymentQueue,
  deployment: { deploymentId: string; generation: number },
): Promise<void> {
  await queue.jobs
    .enqueue(jobs.deploymentReconcile, {
      deploymentId: deployment.deploymentId,
      generation: deployment.generation,
      reason: "update",
      // Not a new generation: a trigger of its own, so BullMQ does not drop it as a repeat.
      trigger: `ingest-token-${randomUUID()}`,
    })
    .catch(() => undefined);
}

/**
 * The deployment's ingest token for its runtime. For provisioning only (it renders the value
 * into the runtime's Secret); callers must never log or return it. A deployment whose token was
 * never sealed (the unknown first token, or one from before tokens were sealed) gets a new one,
 * which replaces it.
 */
export async function deploymentIngestToken(
  db: PrismaClient,
  secrets: SecretBox,
  deployment: { organizationId: string; deploymentId: string },
): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await db.ingestToken.findUnique({
      where: { deploymentId: deployment.deploymentId },
      select: { id: true, organizationId: true, valueVersion: true, valueCiphertext: true },
    });
    if (row?.valueCiphertext) return secrets.open(db, sealTarget(row), row.valueCiphertext);
    try {
      const { token, stored } = await db.$transaction((tx) =>
        storeNewToken(tx, secrets, deployment, row, null),
      );
      if (stored) return token;
    } catch (error) {
      // Another writer created the row first: read theirs.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error("the deployment's ingest token kept changing; retrying later");
}

/** The ingest token's metadata (never the token), or null while the deployment has none. */
export async function findIngestToken(db: Db, deploymentId: string): Promise<IngestTokenView | null> {
  return db.ingestToken.findUnique({ where: { deploymentId }, select: viewSelect });
}

/**
 * What anyone who may see the deployment may know of its telemetry: its ingest token's prefix
 * and when it was created, rotated and last used (null for a deployment made before ingest
 * tokens existed; rotating gives it one), and how many runs' derivation failed.
 */
export async function getIngestToken(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: RotateIngestTokenInput,
): Promise<{ ingestToken: IngestTokenView | null; derivation: LineageDerivationView }> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.read", { organizationId, deploymentId });
  const row = await ctx.db.ingestToken.findFirst({
    where: { deploymentId, organizationId },
    select: viewSelect,
  });
  const [retryingRuns, parkedRuns] = await Promise.all([
    ctx.db.lineageDeriveFailure.count({ where: { deploymentId, organizationId, parkedAt: null } }),
    ctx.db.lineageDeriveFailure.count({ where: { deploymentId, organizationId, parkedAt: { not: null } } }),
  ]);
  return { ingestToken: row, derivation: { retryingRuns, parkedRuns } };
}

/** Where an authenticated ingest request writes: derived from the token alone, never the URL. */
export interface IngestTarget {
  organizationId: string;
  deploymentId: string;
}

/**
 * How long a process keeps trusting an ingest token it has resolved without reading it again.
 * This is the bounded staleness of revocation: a rotated token, or the token of a deployment
 * deleted since, keeps being accepted by a web process that accepted it within this window for
 * at most this long (a process that has not seen it, or that did the rotation, refuses it at
 * once).
 */
export const INGEST_TOKEN_CACHE_TTL_MS = 5_000;

/** Resolved tokens by hash, each with the time it must be read again. Only acceptances are kept. */
export class IngestTokenCache extends VerifiedCredentialCache<IngestTarget> {
  constructor(options: { ttlMs?: number; maxTokens?: number } = {}) {
    super({ ttlMs: options.ttlMs ?? INGEST_TOKEN_CACHE_TTL_MS, maxEntries: options.maxTokens ?? 10_000 });
  }

  /** Drops the deployment's accepted tokens: a rotation in this process takes effect at once. */
  forgetDeployment(deploymentId: string): void {
    this.forget((target) => target.deploymentId === deploymentId);
  }
}

/**
 * This process's cache of accepted ingest tokens (what the web's ingest endpoints use).
 * Rotating a token here forgets the deployment's entries; other processes refuse the old
 * token within INGEST_TOKEN_CACHE_TTL_MS.
 */
export const ingestTokenCache = new IngestTokenCache();

function refusedToken(): UnauthenticatedError {
  return new UnauthenticatedError(
    "the ingest token is invalid or was rotated (send the deployment's ingest token: Authorization: Bearer skl_…)",
  );
}

/**
 * Resolves a bearer token to the deployment it writes for. Unknown, rotated-away and
 * malformed tokens, API tokens, and tokens of deleted deployments are all refused with the
 * same message. With a `cache`, a token accepted less than its TTL ago is accepted again
 * without a database read (see INGEST_TOKEN_CACHE_TTL_MS); refusals are never cached.
 */
export async function authenticateIngestToken(
  db: PrismaClient,
  token: string,
  now = new Date(),
  cache?: IngestTokenCache,
): Promise<IngestTarget> {
  if (!looksLikeIngestToken(token)) throw refusedToken();
  const hash = hashIngestToken(token);
  const cached = cache?.get(hash, now);
  if (cached) return cached;
  // One round trip: the token and its deployment, which must not be deleted.
  const [row] = await db.$queryRaw<
    Array<{ id: string; organizationId: string; deploymentId: string; lastUsedAt: Date | null }>
  >`
    SELECT t."id", t."organizationId", t."deploymentId", t."lastUsedAt"
    FROM "IngestToken" t
    JOIN "Deployment" d ON d."id" = t."deploymentId" AND d."organizationId" = t."organizationId"
    WHERE t."secretHash" = ${hash} AND d."deletedAt" IS NULL`;
  if (!row) throw refusedToken();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.ingestToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const target = { organizationId: row.organizationId, deploymentId: row.deploymentId };
  cache?.remember(hash, target, now);
  return target;
}

/**
 * The value of AIRFLOW__OPENLINEAGE__TRANSPORT for a deployment: the provider's http
 * transport posting gzip-compressed events to Skyport with the ingest token (the computation
 * provisioning delivers, @skyport/provisioning's skyportOpenLineageTransport).
 */
export function openLineageTransportConfig(options: { publicUrl: string; token: string }): string {
  return JSON.stringify(skyportOpenLineageTransport(options));
}

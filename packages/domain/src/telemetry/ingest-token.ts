// The per-deployment ingest token: what a runtime's OpenLineage provider sends its events with
// (`Authorization: Bearer skl_…`, the provider's api_key auth). It is write-only for that one
// deployment's lineage: it authenticates nothing else, and nothing else authenticates ingest.
import { createHash, randomBytes } from "node:crypto";
import type { PrismaClient, TransactionClient } from "@skyport/db";
import { authorize, type Db } from "../authz/authorize.ts";
import { NotFoundError, UnauthenticatedError } from "../shared/errors.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import {
  INGEST_TOKEN_PATTERN,
  INGEST_TOKEN_PREFIX,
  type IngestTokenView,
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

/**
 * Replaces the deployment's ingest token (creating it for deployments made before tokens
 * existed) and returns the new token, once. The previous token stops working when this
 * commits. Needs deployment.ingestToken.rotate; audited without the token.
 */
export async function rotateIngestToken(
  ctx: MutationContext,
  input: RotateIngestTokenInput,
): Promise<RotatedIngestToken> {
  const { organizationId, deploymentId } = input;
  return mutate(
    ctx,
    { permission: "deployment.ingestToken.rotate", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await tx.deployment.findFirst({
        where: { id: deploymentId, organizationId, deletedAt: null },
        select: { name: true },
      });
      if (!deployment) throw new NotFoundError("deployment");
      const { token, prefix, secretHash } = generateIngestToken();
      const now = new Date();
      const row = await tx.ingestToken.upsert({
        where: { deploymentId },
        create: { organizationId, deploymentId, prefix, secretHash, rotatedAt: now },
        update: { prefix, secretHash, rotatedAt: now, lastUsedAt: null },
        select: viewSelect,
      });
      return {
        result: { token, ingestToken: row },
        audit: {
          action: "deployment.ingestToken.rotate",
          targets: [{ type: "deployment", id: deploymentId, label: deployment.name }],
          metadata: { prefix },
        },
      };
    },
  );
}

/** The ingest token's metadata (never the token), or null while the deployment has none. */
export async function findIngestToken(db: Db, deploymentId: string): Promise<IngestTokenView | null> {
  return db.ingestToken.findUnique({ where: { deploymentId }, select: viewSelect });
}

/**
 * What anyone who may see the deployment may know of its ingest token: its prefix and when it
 * was created, rotated and last used; null for a deployment made before ingest tokens existed
 * (rotating gives it one).
 */
export async function getIngestToken(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: RotateIngestTokenInput,
): Promise<{ ingestToken: IngestTokenView | null }> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deployment.read", { organizationId, deploymentId });
  const row = await ctx.db.ingestToken.findFirst({
    where: { deploymentId, organizationId },
    select: viewSelect,
  });
  return { ingestToken: row };
}

/** Where an authenticated ingest request writes: derived from the token alone, never the URL. */
export interface IngestTarget {
  organizationId: string;
  deploymentId: string;
}

/**
 * Resolves a bearer token to the deployment it writes for. Unknown, rotated-away and
 * malformed tokens, API tokens, and tokens of deleted deployments are all refused with the
 * same message.
 */
export async function authenticateIngestToken(
  db: PrismaClient,
  token: string,
  now = new Date(),
): Promise<IngestTarget> {
  const refused = new UnauthenticatedError(
    "the ingest token is invalid or was rotated (send the deployment's ingest token: Authorization: Bearer skl_…)",
  );
  if (!looksLikeIngestToken(token)) throw refused;
  // One round trip: the token and its deployment, which must not be deleted.
  const [row] = await db.$queryRaw<
    Array<{ id: string; organizationId: string; deploymentId: string; lastUsedAt: Date | null }>
  >`
    SELECT t."id", t."organizationId", t."deploymentId", t."lastUsedAt"
    FROM "IngestToken" t
    JOIN "Deployment" d ON d."id" = t."deploymentId" AND d."organizationId" = t."organizationId"
    WHERE t."secretHash" = ${hashIngestToken(token)} AND d."deletedAt" IS NULL`;
  if (!row) throw refused;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await db.ingestToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { organizationId: row.organizationId, deploymentId: row.deploymentId };
}

/**
 * The value of AIRFLOW__OPENLINEAGE__TRANSPORT for a deployment: the provider's http
 * transport posting gzip-compressed events to Skyport with the ingest token. The URL is
 * Skyport's public origin and the endpoint is absolute-free ("api/v1/lineage"): the
 * provider joins them with urljoin, which would drop any path after the host, so the
 * tenant comes from the token alone.
 */
export function openLineageTransportConfig(options: { publicUrl: string; token: string }): string {
  if (!looksLikeIngestToken(options.token)) throw new TypeError("not an ingest token");
  const url = new URL(options.publicUrl);
  const base = `${url.protocol}//${url.host}${url.pathname.replace(/\/*$/, "/")}`;
  return JSON.stringify({
    type: "http",
    url: base,
    endpoint: "api/v1/lineage",
    auth: { type: "api_key", apiKey: options.token },
    compression: "gzip",
  });
}

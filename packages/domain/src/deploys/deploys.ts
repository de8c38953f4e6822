// Deploys: versioned, audited changes of the code a deployment runs. Creating one is
// serialized per deployment (the deployment row is locked in the transaction), so concurrent
// deploys get consecutive numbers in the order they commit. The new DAG deploy is what the
// runtime's bundle sync installs next; the deploy it replaces becomes SUPERSEDED.
import { diffBundles } from "@skyport/dag-bundle";
import type { Prisma, TransactionClient } from "@skyport/db";
import { authorize, type Db } from "../authz/authorize.ts";
import type { DeploymentQueue } from "../deployments/reconcile.ts";
import { storedSpec } from "../deployments/spec.ts";
import { actorId } from "../shared/actor.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import { type MutationContext, type MutationOutcome, mutate } from "../shared/mutation.ts";
import { keyset, type Page } from "../shared/pagination.ts";
import { bundleSelect, liveDeployment, manifestFiles, type ReadContext, toBundleView } from "./bundles.ts";
import type {
  CiMetadata,
  CreateDeployInput,
  DeployDetails,
  DeployProgress,
  DeployView,
  GetDeployInput,
  ListDeploysInput,
  RollbackDeployInput,
} from "./deploys.types.ts";
import { requestImageRollout } from "./image-rollout.ts";
import { rolloutProgress } from "./rollout.ts";

const deploySelect = {
  id: true,
  organizationId: true,
  deploymentId: true,
  number: true,
  kind: true,
  bundleSha256: true,
  image: true,
  description: true,
  ciMetadata: true,
  actorType: true,
  actorId: true,
  actorLabel: true,
  status: true,
  statusReason: true,
  createdAt: true,
  updatedAt: true,
  activatedAt: true,
  endedAt: true,
  runtimeVersion: true,
  rollbackOf: { select: { id: true, number: true } },
} as const satisfies Prisma.DeploySelect;
type DeployRow = Prisma.DeployGetPayload<{ select: typeof deploySelect }>;

/** The statuses of the deployment's current deploy (at most one deploy holds one of them). */
const CURRENT_STATUSES = ["PENDING", "ROLLING_OUT", "ACTIVE"] as const;

export const ROLLOUT_REASON = "Waiting for the deployment's bundle sync to install the bundle.";
export const IMAGE_ROLLOUT_REASON = "Waiting for the runtime to roll its Airflow components onto the image.";

function toDeployView(row: DeployRow, progress: DeployProgress | null = null): DeployView {
  return {
    id: row.id,
    deploymentId: row.deploymentId,
    number: row.number,
    kind: row.kind,
    bundleSha256: row.bundleSha256,
    image: row.image,
    runtimeVersion: row.runtimeVersion,
    description: row.description,
    ci: (row.ciMetadata ?? {}) as CiMetadata,
    actor: { type: row.actorType, id: row.actorId, label: row.actorLabel },
    status: row.status,
    statusReason: row.statusReason,
    rollbackOf: row.rollbackOf,
    progress,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    activatedAt: row.activatedAt,
    endedAt: row.endedAt,
  };
}

/** Deploys one of the deployment's uploaded bundles. */
export function createDeploy(ctx: MutationContext, input: CreateDeployInput): Promise<DeployView> {
  return newDeploy(ctx, input, async (tx) => {
    const bundle = await tx.dagBundle.findUnique({
      where: { deploymentId_sha256: { deploymentId: input.deploymentId, sha256: input.bundleSha256 } },
      select: { sha256: true },
    });
    if (!bundle) {
      throw new ValidationError(
        "bundleSha256",
        "no bundle with this SHA-256 was uploaded to this deployment; upload it first (PUT …/bundles/{sha256})",
      );
    }
    return { kind: "DAG_BUNDLE", bundleSha256: bundle.sha256, rollbackOfId: null };
  });
}

type LockedDeployment = Awaited<ReturnType<typeof lockDeployment>>;

/**
 * A deploy.create change (a deploy, the registry credential) made with the deployment locked
 * until commit, so changes of one deployment happen one at a time.
 */
export function underDeploymentLock<T>(
  ctx: MutationContext,
  { organizationId, deploymentId }: { organizationId: string; deploymentId: string },
  change: (tx: TransactionClient, deployment: LockedDeployment) => Promise<MutationOutcome<T>>,
): Promise<T> {
  return mutate(
    ctx,
    { permission: "deploy.create", resource: { organizationId, deploymentId } },
    async (tx) => change(tx, await lockDeployment(tx, organizationId, deploymentId)),
  );
}

/**
 * A new deploy (deploy.create, audited): `content` says what it deploys, checked against the
 * deployment, which stays locked until commit.
 */
export function newDeploy(
  ctx: MutationContext,
  input: { organizationId: string; deploymentId: string; description?: string; ci?: CiMetadata },
  content: (tx: TransactionClient, deployment: LockedDeployment) => Promise<DeployContent>,
): Promise<DeployView> {
  return underDeploymentLock(ctx, input, async (tx, deployment) => {
    const deploy = await recordDeploy(tx, ctx, input, await content(tx, deployment));
    return {
      result: deploy,
      audit: {
        action: "deploy.create",
        targets: deployTargets(input.deploymentId, deployment.name, deploy),
        metadata: deployMetadata(deploy),
      },
    };
  });
}

/**
 * Goes back to an earlier deploy's bundle or image; the rollback is itself a new deploy. An
 * image rollback asks the worker to roll the runtime onto that image (`services`).
 */
export async function rollbackDeploy(
  ctx: MutationContext,
  input: RollbackDeployInput,
  services?: DeploymentQueue,
): Promise<DeployView> {
  const { organizationId, deploymentId } = input;
  const deploy = await mutate(
    ctx,
    { permission: "deploy.create", resource: { organizationId, deploymentId } },
    async (tx) => {
      const deployment = await lockDeployment(tx, organizationId, deploymentId);
      const target = await findDeploy(tx, organizationId, deploymentId, input.deployId);
      if (target.status === "FAILED" || target.status === "PENDING") {
        throw new ValidationError(
          "deployId",
          `deploy ${target.number} never succeeded (it is ${target.status}); roll back to a deploy that was rolled out`,
        );
      }
      if (target.status === "ACTIVE" || target.status === "ROLLING_OUT") {
        throw new ConflictError(`deploy ${target.number} is already the current deploy`, "deployId");
      }
      const what = rollbackTarget(target, storedSpec(deployment.spec).runtimeVersion);
      const description = input.description ?? `Rollback to deploy ${target.number}`;
      const deploy = await recordDeploy(tx, ctx, { ...input, description }, what);
      return {
        result: deploy,
        audit: {
          action: "deploy.rollback",
          targets: [
            ...deployTargets(deploymentId, deployment.name, deploy),
            { type: "deploy", id: target.id, label: `deploy ${target.number}` },
          ],
          metadata: { ...deployMetadata(deploy), rollbackOf: target.number },
        },
      };
    },
  );
  if (deploy.kind === "IMAGE" && services) await requestImageRollout(ctx.db, services, deploy);
  return deploy;
}

/** What rolling back to `target` deploys again. */
function rollbackTarget(target: DeployRow, runtimeVersion: string): DeployContent {
  switch (target.kind) {
    case "DAG_BUNDLE":
      if (!target.bundleSha256)
        throw new ValidationError("deployId", `deploy ${target.number} has no bundle`);
      return { kind: "DAG_BUNDLE", bundleSha256: target.bundleSha256, rollbackOfId: target.id };
    case "IMAGE":
      if (!target.image) throw new ValidationError("deployId", `deploy ${target.number} has no image`);
      if (target.runtimeVersion !== runtimeVersion) {
        throw new ValidationError(
          "deployId",
          `deploy ${target.number}'s image is built for Airflow ${target.runtimeVersion ?? "unknown"}, but the deployment now runs Airflow ${runtimeVersion}`,
        );
      }
      return { kind: "IMAGE", image: target.image, runtimeVersion, rollbackOfId: target.id };
    default: {
      const unknownKind: never = target.kind;
      throw new Error(`unknown deploy kind ${String(unknownKind)}`);
    }
  }
}

/** What a deploy puts into the deployment: a bundle, or an image built for its runtime. */
export type DeployContent =
  | { kind: "DAG_BUNDLE"; bundleSha256: string; rollbackOfId: string | null }
  | { kind: "IMAGE"; image: string; runtimeVersion: string; rollbackOfId: string | null };

/**
 * Records a deploy as the deployment's current one of its kind (a bundle deploy replaces the
 * current bundle, an image deploy the current image). The caller holds the deployment's lock.
 */
export async function recordDeploy(
  tx: TransactionClient,
  ctx: MutationContext,
  input: { organizationId: string; deploymentId: string; description?: string; ci?: CiMetadata },
  what: DeployContent,
): Promise<DeployView> {
  const { organizationId, deploymentId } = input;
  const last = await tx.deploy.findFirst({
    where: { deploymentId },
    orderBy: { number: "desc" },
    select: { number: true },
  });
  const now = new Date();
  await tx.deploy.updateMany({
    where: { deploymentId, kind: what.kind, status: { in: [...CURRENT_STATUSES] } },
    data: { status: "SUPERSEDED", endedAt: now, statusReason: "" },
  });
  const row = await tx.deploy.create({
    data: {
      organizationId,
      deploymentId,
      number: (last?.number ?? 0) + 1,
      kind: what.kind,
      ...(what.kind === "DAG_BUNDLE"
        ? { bundleSha256: what.bundleSha256 }
        : { image: what.image, runtimeVersion: what.runtimeVersion }),
      description: input.description ?? "",
      ciMetadata: (input.ci ?? {}) as Prisma.InputJsonValue,
      actorType: ctx.actor.type,
      actorId: actorId(ctx.actor),
      actorLabel: ctx.actor.label,
      status: "ROLLING_OUT",
      statusReason: what.kind === "DAG_BUNDLE" ? ROLLOUT_REASON : IMAGE_ROLLOUT_REASON,
      rollbackOfId: what.rollbackOfId,
    },
    select: deploySelect,
  });
  return toDeployView(row, await progressOf(tx, row));
}

export function deployTargets(deploymentId: string, deploymentName: string, deploy: DeployView) {
  return [
    { type: "deployment", id: deploymentId, label: deploymentName },
    { type: "deploy", id: deploy.id, label: `deploy ${deploy.number}` },
  ];
}

export function deployMetadata(deploy: DeployView): Record<string, unknown> {
  return {
    number: deploy.number,
    kind: deploy.kind,
    bundleSha256: deploy.bundleSha256,
    image: deploy.image,
    description: deploy.description,
    ci: deploy.ci,
  };
}

/**
 * Locks the deployment row until commit: deploys of one deployment are numbered and made
 * current one at a time. The tenant floor is in the WHERE clause.
 */
export async function lockDeployment(tx: TransactionClient, organizationId: string, deploymentId: string) {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Deployment" WHERE "id" = ${deploymentId} AND "organizationId" = ${organizationId} FOR UPDATE`;
  if (locked.length === 0) throw new NotFoundError("deployment");
  return liveDeployment(tx, organizationId, deploymentId);
}

/** A deploy of the deployment by id or by number ("3"). */
async function findDeploy(
  db: Db,
  organizationId: string,
  deploymentId: string,
  ref: string,
): Promise<DeployRow> {
  const byNumber = /^\d{1,9}$/.test(ref);
  const row = await db.deploy.findFirst({
    where: { organizationId, deploymentId, ...(byNumber ? { number: Number(ref) } : { id: ref }) },
    select: deploySelect,
  });
  if (!row) throw new NotFoundError("deploy");
  return row;
}

/** A rolling-out bundle deploy's progress (at most one deploy of a deployment is rolling out). */
function progressOf(db: Db, row: DeployRow): Promise<DeployProgress> | null {
  if (row.status !== "ROLLING_OUT" || row.kind !== "DAG_BUNDLE" || !row.bundleSha256) return null;
  return rolloutProgress(db, row.deploymentId, row.bundleSha256);
}

/** A page of the deployment's deploys, newest first. */
export async function listDeploys(ctx: ReadContext, input: ListDeploysInput): Promise<Page<DeployView>> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deploy.read", { organizationId, deploymentId });
  const ks = keyset(input);
  const before = ks.after === null ? null : Number(ks.after);
  if (before !== null && !Number.isSafeInteger(before)) {
    throw new ValidationError(
      "cursor",
      "is not a cursor this API returned (use nextCursor from the previous page)",
    );
  }
  const rows = await ctx.db.deploy.findMany({
    where: { organizationId, deploymentId, ...(before === null ? {} : { number: { lt: before } }) },
    orderBy: { number: "desc" },
    take: ks.take,
    select: deploySelect,
  });
  const items = rows.slice(0, ks.limit);
  const last = items.at(-1);
  const views: DeployView[] = [];
  for (const row of items) views.push(toDeployView(row, await progressOf(ctx.db, row)));
  return {
    items: views,
    nextCursor:
      rows.length > ks.limit && last
        ? Buffer.from(JSON.stringify({ after: String(last.number) }), "utf8").toString("base64url")
        : null,
  };
}

/** One deploy with its bundle and the files it changed against the previous bundle deploy. */
export async function getDeploy(ctx: ReadContext, input: GetDeployInput): Promise<DeployDetails> {
  const { organizationId, deploymentId } = input;
  await authorize(ctx.db, ctx.actor, "deploy.read", { organizationId, deploymentId });
  const row = await findDeploy(ctx.db, organizationId, deploymentId, input.deployId);
  const deploy = toDeployView(row, await progressOf(ctx.db, row));
  if (!row.bundleSha256) return { ...deploy, bundle: null, diff: null };
  const bundle = await ctx.db.dagBundle.findUnique({
    where: { deploymentId_sha256: { deploymentId, sha256: row.bundleSha256 } },
    select: { ...bundleSelect, manifest: true },
  });
  const previous = await ctx.db.deploy.findFirst({
    where: { deploymentId, kind: "DAG_BUNDLE", number: { lt: row.number }, bundleSha256: { not: null } },
    orderBy: { number: "desc" },
    select: { id: true, number: true, bundleSha256: true },
  });
  const previousBundle = previous?.bundleSha256
    ? await ctx.db.dagBundle.findUnique({
        where: { deploymentId_sha256: { deploymentId, sha256: previous.bundleSha256 } },
        select: { manifest: true },
      })
    : null;
  const diff = diffBundles(
    manifestFiles(previousBundle?.manifest ?? []),
    manifestFiles(bundle?.manifest ?? []),
  );
  return {
    ...deploy,
    bundle: bundle ? toBundleView(bundle) : null,
    diff: {
      previousDeploy: previous?.bundleSha256
        ? { id: previous.id, number: previous.number, bundleSha256: previous.bundleSha256 }
        : null,
      added: diff.added.map((file) => file.path),
      removed: diff.removed.map((file) => file.path),
      changed: diff.changed.map((file) => file.path),
      unchanged: diff.unchanged,
    },
  };
}

import type { BillingPlans } from "@skyport/config";
// Deployments: isolated Airflow runtimes. The domain records the desired state (the spec and
// its generation) and asks the worker to converge to it; it never talks to Kubernetes. The
// worker reports back through observedGeneration, status and statusReason.
//
// The stored `spec` is the complete normalised DeploymentSpec the renderer takes, its name and
// description kept equal to the deployment's own columns, so the worker can use it as is.
import { type DeploymentStatus, emptySql, type Prisma, sql, type TransactionClient } from "@skyport/db";
import { findRuntime } from "@skyport/deployment-spec";
import { localAirflowUrl, localRuntimeDir, localRuntimeNamespaces } from "@skyport/local-runtime/files";
import type { z } from "zod";
import { type Access, allows, authorize, type Db } from "../authz/authorize.ts";
import { PERMISSIONS } from "../authz/permissions.ts";
import { enforceDeploymentPlan } from "../billing/limits.ts";
import { ConflictError, NotFoundError, ValidationError } from "../shared/errors.ts";
import type { DeploymentRef } from "../shared/fields.types.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { lockNamesOf } from "../shared/names.ts";
import { type Keyset, keyset, keysetArgs, mapPage, type Page, pageOfRows } from "../shared/pagination.ts";
import { equalsIgnoringCase, isUniqueViolation } from "../shared/prisma-errors.ts";
import { createIngestTokenForDeployment } from "../telemetry/ingest-token.ts";
import { readableWorkspaces } from "../workspaces/list-workspaces.ts";
import {
  type CreateDeploymentInput,
  DEPLOYMENT_STATUSES,
  type DeleteDeploymentInput,
  type DeploymentListItem,
  type DeploymentRuntime,
  type deploymentDetailsSchema,
  type deploymentViewSchema,
  type ListDeploymentsInput,
  type UpdateDeploymentInput,
} from "./deployments.types.ts";
import { airflowUrl, namespaceFor, newShortId } from "./namespace.ts";
import { type DeploymentQueue, requestReconcile } from "./reconcile.ts";
import {
  changedSpecFields,
  type DeploymentSpec,
  desiredStateHash,
  parseSpecRequest,
  storedSpec,
} from "./spec.ts";

export type { DeploymentStatus };

export { DEPLOYMENT_STATUSES };

/** Settings deployment views need: Airflow UIs are served at https://<namespace>.<baseDomain>,
 * except a local runtime's, which listens on a loopback port of this machine. */
export interface DeploymentSite {
  baseDomain: string;
  /** Where local runtimes live on this machine (`<state dir>/runtimes`), when known. */
  localRuntimesDir?: string | null;
}

/**
 * Where each deployment's Airflow UI is: a local runtime's own address when this machine runs
 * it, else the Kubernetes host. The runtimes directory is listed once per call, so a page of
 * deployments reads state.json only for the rows that have a local runtime.
 */
function siteAirflowUrls(site: DeploymentSite): (namespace: string) => string {
  const runtimesDir = site.localRuntimesDir;
  const local = runtimesDir ? localRuntimeNamespaces(runtimesDir) : null;
  return (namespace) =>
    (runtimesDir && local?.has(namespace)
      ? localAirflowUrl(localRuntimeDir(runtimesDir, namespace))
      : null) ?? airflowUrl(namespace, site.baseDomain);
}

/**
 * What creating, updating and deleting need: the reconcile queue, the site settings and, when
 * billing is on, the plans whose limits apply.
 */
export type DeploymentServices = DeploymentQueue & DeploymentSite & { billingPlans?: BillingPlans | null };

export type DeploymentView = Omit<z.output<typeof deploymentViewSchema>, "spec"> & { spec: DeploymentSpec };
export type DeploymentDetails = DeploymentView & Pick<z.output<typeof deploymentDetailsSchema>, "can">;
export type { DeploymentRuntime };

export interface DeploymentChange {
  deployment: DeploymentView;
  /**
   * Whether the reconcile job reached the queue. When false the change still stands; the
   * worker's periodic sweep picks it up.
   */
  reconcileQueued: boolean;
}

const deploymentFields = {
  id: true,
  organizationId: true,
  workspaceId: true,
  name: true,
  description: true,
  spec: true,
  generation: true,
  observedGeneration: true,
  status: true,
  statusReason: true,
  namespace: true,
  createdAt: true,
  updatedAt: true,
  deletedAt: true,
} as const;

type DeploymentRow = Prisma.DeploymentGetPayload<{ select: typeof deploymentFields }>;

export const STATUS_REASONS = {
  create: "Waiting for the provisioner to create the runtime.",
  update: (generation: number) => `Waiting for the provisioner to apply generation ${generation}.`,
  delete: "Waiting for the provisioner to remove the runtime.",
} as const;

function toView(
  row: DeploymentRow,
  site: DeploymentSite,
  airflowUrlOf: (namespace: string) => string = siteAirflowUrls(site),
): DeploymentView {
  const spec = storedSpec(row.spec);
  const runtime = findRuntime(spec.runtimeVersion);
  return {
    ...row,
    spec,
    airflowUrl: airflowUrlOf(row.namespace),
    runtime: runtime
      ? {
          version: runtime.version,
          major: runtime.major,
          line: runtime.line,
          python: runtime.python,
          image: runtime.image,
        }
      : null,
  };
}

function asJson(spec: DeploymentSpec): Prisma.InputJsonValue {
  return spec as unknown as Prisma.InputJsonValue;
}

/** Loads a deployment that is not DELETED, with the tenant floor in the WHERE clause. */
async function findDeployment(db: Db, ref: DeploymentRef): Promise<DeploymentRow> {
  const deployment = await db.deployment.findFirst({
    where: { id: ref.deploymentId, organizationId: ref.organizationId, deletedAt: null },
    select: deploymentFields,
  });
  if (!deployment) throw new NotFoundError("deployment");
  return deployment;
}

function duplicateName(name: string): ConflictError {
  return new ConflictError(`a deployment named “${name}” already exists in this workspace`, "name");
}

/**
 * Deployment names are unique within a workspace, whatever their case, among deployments
 * that are not DELETED (a deleted deployment's name can be reused). Holding the workspace's
 * name lock until commit keeps concurrent creates from both passing the check.
 */
async function assertNameFree(tx: TransactionClient, workspaceId: string, name: string): Promise<void> {
  await lockNamesOf(tx, "deployment", workspaceId);
  const clash = await tx.deployment.findFirst({
    where: { workspaceId, name: equalsIgnoringCase(name), status: { not: "DELETED" } },
    select: { id: true },
  });
  if (clash) throw duplicateName(name);
}

/** A namespace no deployment has used (the column is unique; a clash is astronomically rare). */
async function freeNamespace(tx: TransactionClient): Promise<string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const namespace = namespaceFor(newShortId());
    const taken = await tx.deployment.findUnique({ where: { namespace }, select: { id: true } });
    if (!taken) return namespace;
  }
  throw new Error("could not find a free deployment namespace");
}

/**
 * Records a new deployment (status CREATING, generation 1) and asks the worker to provision
 * it. Invalid specs are refused before anything is written, naming every field at fault.
 */
export async function createDeployment(
  ctx: MutationContext,
  input: CreateDeploymentInput,
  services: DeploymentServices,
): Promise<DeploymentChange> {
  const { organizationId, workspaceId } = input;
  const row = await mutate(
    ctx,
    { permission: "deployment.create", resource: { organizationId, workspaceId } },
    async (tx) => {
      const spec = parseSpecRequest(input);
      await enforceDeploymentPlan(tx, services.billingPlans, organizationId, spec, { creating: true });
      // Its name labels the audit event: the log shows names, never bare ids.
      const workspace = await tx.workspace.findFirstOrThrow({
        where: { id: workspaceId, organizationId },
        select: { name: true },
      });
      await assertNameFree(tx, workspaceId, spec.name);
      const namespace = await freeNamespace(tx);
      const created = await tx.deployment
        .create({
          data: {
            organizationId,
            workspaceId,
            name: spec.name,
            description: spec.description,
            spec: asJson(spec),
            generation: 1,
            observedGeneration: 0,
            status: "CREATING",
            statusReason: STATUS_REASONS.create,
            namespace,
          },
          select: deploymentFields,
        })
        .catch((error: unknown) => {
          throw isUniqueViolation(error)
            ? new ConflictError("please try again: the namespace was taken")
            : error;
        });
      // Its runtime reports lineage with this token (rotated to learn it; see telemetry).
      await createIngestTokenForDeployment(tx, { organizationId, deploymentId: created.id });
      return {
        result: created,
        audit: {
          action: "deployment.create",
          targets: [
            { type: "deployment", id: created.id, label: created.name },
            { type: "workspace", id: workspaceId, label: workspace.name },
          ],
          metadata: { name: spec.name, runtimeVersion: spec.runtimeVersion, executor: spec.executor },
        },
      };
    },
  );
  const reconcileQueued = await requestReconcile(services, {
    deploymentId: row.id,
    generation: row.generation,
    reason: "create",
  });
  return { deployment: toView(row, services), reconcileQueued };
}

function refuseWhileDeleting(deployment: DeploymentRow, what: string): void {
  if (deployment.status === "DELETING" || deployment.status === "DELETED") {
    throw new ConflictError(`deployment “${deployment.name}” is being deleted; it cannot be ${what}`);
  }
}

/**
 * Writes a change only if no other change to the same deployment committed since it was read
 * (the generation is the version: only these functions bump it).
 */
async function writeIfUnchanged(
  tx: TransactionClient,
  before: DeploymentRow,
  data: Prisma.DeploymentUpdateManyMutationInput,
): Promise<DeploymentRow> {
  const written = await tx.deployment.updateMany({
    where: { id: before.id, organizationId: before.organizationId, generation: before.generation },
    data,
  });
  if (written.count !== 1) {
    throw new ConflictError(`deployment “${before.name}” was changed meanwhile; reload it and try again`);
  }
  return tx.deployment.findUniqueOrThrow({ where: { id: before.id }, select: deploymentFields });
}

/**
 * Changes a deployment's description and/or spec. A spec that differs in anything the
 * runtime is built from bumps the generation, marks the deployment UPDATING (CREATING while it
 * has never converged) and asks the worker to reconcile; a description alone does neither.
 * `spec` is the complete desired spec (as for create), not a patch.
 */
export async function updateDeployment(
  ctx: MutationContext,
  input: UpdateDeploymentInput,
  services: DeploymentServices,
): Promise<DeploymentChange> {
  return changeDeployment(ctx, input, services, (current, before) => {
    const description = input.description ?? before.description;
    // A spec without a runtime keeps the deployment's own: an update never moves it to
    // another Airflow version unasked.
    return input.spec === undefined
      ? { ...current, description }
      : parseSpecRequest({
          name: before.name,
          description,
          spec: { runtimeVersion: current.runtimeVersion, ...input.spec },
        });
  });
}

/**
 * The one write path for a deployment's spec: `nextSpec` derives the new normalised spec from
 * the stored one inside the transaction, so changes computed from the current spec (a worker
 * queue added) never overwrite a change committed meanwhile.
 */
export async function changeDeployment(
  ctx: MutationContext,
  ref: DeploymentRef,
  services: DeploymentServices,
  nextSpec: (current: DeploymentSpec, before: { name: string; description: string }) => DeploymentSpec,
  auditDetails: Record<string, unknown> = {},
  /** Writes that must commit with the change (a tuning recommendation marked applied). */
  alsoInTransaction?: (
    tx: TransactionClient,
    change: { generation: number; spec: DeploymentSpec },
  ) => Promise<void>,
): Promise<DeploymentChange> {
  const { row, specChanged } = await mutate(
    ctx,
    { permission: "deployment.update", resource: ref },
    async (tx) => {
      const before = await findDeployment(tx, ref);
      refuseWhileDeleting(before, "changed");
      const current = storedSpec(before.spec);
      const next = nextSpec(current, before);
      const changedFields = changedSpecFields(current, next);
      const specChanged = desiredStateHash(next) !== desiredStateHash(current);
      if (specChanged) {
        await enforceDeploymentPlan(tx, services.billingPlans, before.organizationId, next, {
          creating: false,
        });
      }
      const generation = specChanged ? before.generation + 1 : before.generation;
      const neverConverged = before.status === "CREATING" || before.observedGeneration === 0;
      const row = await writeIfUnchanged(tx, before, {
        description: next.description,
        spec: asJson(next),
        ...(specChanged
          ? {
              generation,
              status: neverConverged ? "CREATING" : "UPDATING",
              statusReason: neverConverged ? STATUS_REASONS.create : STATUS_REASONS.update(generation),
            }
          : {}),
      });
      await alsoInTransaction?.(tx, { generation: row.generation, spec: next });
      return {
        result: { row, specChanged },
        audit: {
          action: "deployment.update",
          targets: [{ type: "deployment", id: before.id, label: before.name }],
          metadata: { changedFields, generation, ...auditDetails },
        },
      };
    },
  );
  const reconcileQueued = specChanged
    ? await requestReconcile(services, { deploymentId: row.id, generation: row.generation, reason: "update" })
    : false;
  return { deployment: toView(row, services), reconcileQueued };
}

/**
 * Starts deleting a deployment: status DELETING and a new generation for the worker, which
 * removes the namespace and the metadata database and then marks it DELETED (setting
 * deletedAt). The caller types the deployment's name to confirm.
 */
export async function deleteDeployment(
  ctx: MutationContext,
  input: DeleteDeploymentInput,
  services: DeploymentServices,
): Promise<DeploymentChange> {
  const row = await mutate(ctx, { permission: "deployment.delete", resource: input }, async (tx) => {
    const before = await findDeployment(tx, input);
    refuseWhileDeleting(before, "deleted again");
    if (typeof input.confirmName !== "string" || input.confirmName.trim() !== before.name) {
      throw new ValidationError("confirmName", `type the deployment's name, “${before.name}”, to confirm`);
    }
    const generation = before.generation + 1;
    const row = await writeIfUnchanged(tx, before, {
      generation,
      status: "DELETING",
      statusReason: STATUS_REASONS.delete,
    });
    return {
      result: row,
      audit: {
        action: "deployment.delete",
        targets: [{ type: "deployment", id: before.id, label: before.name }],
        metadata: { name: before.name, namespace: before.namespace, generation },
      },
    };
  });
  const reconcileQueued = await requestReconcile(services, {
    deploymentId: row.id,
    generation: row.generation,
    reason: "delete",
  });
  return { deployment: toView(row, services), reconcileQueued };
}

/**
 * A page of deployments in id order; DELETED ones (tombstones) only when asked for. With a
 * workspace: that workspace's (deployment.list). Without: the deployments of every workspace
 * the caller holds a role in (organization owners: all), the tenant floor in the WHERE clause.
 */
/**
 * One page of a workspace's deployments with the workspace's name, in one statement that also
 * tells whether the workspace exists in the organization: the workspace's row is joined to its
 * page, so no row means no such workspace there, and a workspace without deployments answers one
 * row without a deployment. The busiest read of the API (`bench/list-deployments.ts`), so it is
 * written as SQL: Prisma would need a statement per table. Selects exactly `deploymentFields`.
 */
async function workspacePage(
  db: Db,
  page: { organizationId: string; workspaceId: string; ks: Keyset; includeDeleted?: boolean | null },
): Promise<{ workspaceFound: boolean; rows: (DeploymentRow & { workspaceName: string })[] }> {
  const { organizationId, workspaceId, ks } = page;
  const rows = await db.$queryRaw<(DeploymentRow & { workspaceName: string })[]>`
    SELECT d."id", d."organizationId", d."workspaceId", d."name", d."description", d."spec", d."generation",
           d."observedGeneration", d."status"::text AS "status", d."statusReason", d."namespace", d."createdAt",
           d."updatedAt", d."deletedAt", w."name" AS "workspaceName"
    FROM "Workspace" w
    LEFT JOIN (
      SELECT * FROM "Deployment"
      WHERE "organizationId" = ${organizationId} AND "workspaceId" = ${workspaceId}
        ${page.includeDeleted ? emptySql : sql`AND "status" <> 'DELETED'`}
        ${ks.after === null ? emptySql : sql`AND "id" > ${ks.after}`}
      ORDER BY "id" ASC LIMIT ${ks.take}
    ) d ON true
    WHERE w."id" = ${workspaceId} AND w."organizationId" = ${organizationId}
    ORDER BY d."id" ASC`;
  return { workspaceFound: rows.length > 0, rows: rows.filter((row) => row.id !== null) };
}

export async function listDeployments(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: ListDeploymentsInput,
  site: DeploymentSite,
): Promise<Page<DeploymentListItem>> {
  const { organizationId } = input;
  const ks = keyset(input);
  const page = keysetArgs(ks);
  const statusWhere = input.includeDeleted ? {} : { status: { not: "DELETED" as const } };
  const airflowUrlOf = siteAirflowUrls(site);
  const toItem = (row: DeploymentRow, workspaceName: string) => ({
    ...toView(row, site, airflowUrlOf),
    workspaceName,
  });

  if (input.workspaceId) {
    const workspaceId = input.workspaceId;
    // One statement reads the page and whether the workspace is the organization's; authorize()
    // then decides with that fact (not found, refused or allowed) before any row is answered.
    const { workspaceFound, rows } = await workspacePage(ctx.db, {
      organizationId,
      workspaceId,
      ks,
      includeDeleted: input.includeDeleted,
    });
    await authorize(
      ctx.db,
      ctx.actor,
      "deployment.list",
      { organizationId, workspaceId },
      { workspaceFound },
    );
    return mapPage(
      pageOfRows(rows, ks, (row) => row.id),
      ({ workspaceName, ...row }) => toItem(row, workspaceName),
    );
  }

  const readable = await readableWorkspaces(ctx.db, ctx.actor, organizationId);
  if (readable === null) return { items: [], nextCursor: null };
  const rows = await ctx.db.deployment.findMany({
    where: { organizationId, workspace: readable, ...statusWhere, ...page.where },
    select: { ...deploymentFields, workspace: { select: { name: true } } },
    orderBy: page.orderBy,
    take: page.take,
  });
  return mapPage(
    pageOfRows(rows, ks, (row) => row.id),
    ({ workspace, ...row }) => toItem(row, workspace.name),
  );
}

function capabilities(access: Access): DeploymentDetails["can"] {
  return {
    update: allows(PERMISSIONS["deployment.update"], access),
    delete: allows(PERMISSIONS["deployment.delete"], access),
    manageEnvironment: allows(PERMISSIONS["deployment.environment.manage"], access),
  };
}

/** One deployment with its spec, status and what the caller may do with it. */
export async function getDeployment(
  ctx: Pick<MutationContext, "db" | "actor">,
  ref: DeploymentRef,
  site: DeploymentSite,
): Promise<DeploymentDetails> {
  const access = await authorize(ctx.db, ctx.actor, "deployment.read", ref);
  const row = await findDeployment(ctx.db, ref);
  return { ...toView(row, site), can: capabilities(access) };
}

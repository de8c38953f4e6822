import { type Access, allows, authorize, type Db } from "../authz/authorize.ts";
import { PERMISSIONS } from "../authz/permissions.ts";
import { ConflictError } from "../shared/errors.ts";
import type { WorkspaceRef } from "../shared/fields.types.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import {
  createNamedRecord,
  renameNamedRecord,
  namedRecordFields as workspaceFields,
} from "../shared/names.ts";
import { findInOrganization, isForeignKeyViolation } from "../shared/prisma-errors.ts";
import type {
  CreateWorkspaceInput,
  UpdateWorkspaceInput,
  Workspace,
  WorkspaceDetails,
  WorkspaceSummary,
} from "./workspaces.types.ts";

export type { Workspace, WorkspaceDetails, WorkspaceRef, WorkspaceSummary };

const LIVE_DEPLOYMENT = { status: { not: "DELETED" } } as const;

/** Loads a workspace with the tenant floor in the WHERE clause. */
export function findWorkspace(db: Db, ref: WorkspaceRef): Promise<Workspace> {
  return findInOrganization("workspace", ref.workspaceId, ref, (where) =>
    db.workspace.findFirst({ where, select: workspaceFields }),
  );
}

export async function createWorkspace(
  ctx: MutationContext,
  input: CreateWorkspaceInput,
): Promise<WorkspaceSummary> {
  return mutate(
    ctx,
    { permission: "workspace.create", resource: { organizationId: input.organizationId } },
    async (tx) => {
      const workspace = await createNamedRecord(tx, "workspace", input, (data) =>
        tx.workspace.create({ data, select: workspaceFields }),
      );
      const { name, description } = workspace;
      return {
        // The creator can create workspaces, so they own every workspace (organization owner).
        result: { ...workspace, role: "WORKSPACE_OWNER" as const },
        audit: {
          action: "workspace.create",
          targets: [{ type: "workspace", id: workspace.id, label: workspace.name }],
          metadata: { name, description },
        },
      };
    },
  );
}

function capabilities(access: Access): WorkspaceDetails["can"] {
  return {
    update: allows(PERMISSIONS["workspace.update"], access),
    delete: allows(PERMISSIONS["workspace.delete"], access),
    manageMembers: allows(PERMISSIONS["workspace.member.manage"], access),
  };
}

export async function getWorkspace(ctx: MutationContext, ref: WorkspaceRef): Promise<WorkspaceDetails> {
  const access = await authorize(ctx.db, ctx.actor, "workspace.read", ref);
  const workspace = await findWorkspace(ctx.db, ref);
  const deploymentCount = await ctx.db.deployment.count({
    where: { workspaceId: workspace.id, organizationId: ref.organizationId, ...LIVE_DEPLOYMENT },
  });
  return { ...workspace, role: access.workspaceRole, deploymentCount, can: capabilities(access) };
}

export async function updateWorkspace(
  ctx: MutationContext,
  input: UpdateWorkspaceInput,
): Promise<WorkspaceSummary> {
  return mutate(ctx, { permission: "workspace.update", resource: input }, async (tx, access) => {
    const before = await findWorkspace(tx, input);
    const { row: workspace, changes } = await renameNamedRecord(tx, "workspace", before, input, (data) =>
      tx.workspace.update({ where: { id: before.id }, data, select: workspaceFields }),
    );
    return {
      result: { ...workspace, role: access.workspaceRole },
      audit: {
        action: "workspace.update",
        targets: [{ type: "workspace", id: workspace.id, label: workspace.name }],
        metadata: { changes },
      },
    };
  });
}

/**
 * Deletes a workspace and, through the database's cascades, its role bindings and API
 * tokens. Refused while it holds deployments that are not DELETED; the tombstones of
 * deleted deployments go with it (the audit log keeps their history).
 */
export async function deleteWorkspace(ctx: MutationContext, ref: WorkspaceRef): Promise<{ id: string }> {
  return mutate(ctx, { permission: "workspace.delete", resource: ref }, async (tx) => {
    const workspace = await findWorkspace(tx, ref);
    const live = await tx.deployment.count({
      where: { workspaceId: workspace.id, organizationId: ref.organizationId, ...LIVE_DEPLOYMENT },
    });
    if (live > 0) {
      throw new ConflictError(
        `workspace “${workspace.name}” still has ${live} deployment${live === 1 ? "" : "s"}; delete ${live === 1 ? "it" : "them"} first`,
      );
    }
    const tombstones = await tx.deployment.deleteMany({
      where: { workspaceId: workspace.id, organizationId: ref.organizationId, status: "DELETED" },
    });
    await tx.workspace.delete({ where: { id: workspace.id } }).catch((error: unknown) => {
      // A deployment created concurrently holds the workspace (foreign key RESTRICT).
      throw isForeignKeyViolation(error)
        ? new ConflictError(`workspace “${workspace.name}” still has deployments; delete them first`)
        : error;
    });
    return {
      result: { id: workspace.id },
      audit: {
        action: "workspace.delete",
        targets: [{ type: "workspace", id: workspace.id, label: workspace.name }],
        metadata: { name: workspace.name, deletedDeploymentRecords: tombstones.count },
      },
    };
  });
}

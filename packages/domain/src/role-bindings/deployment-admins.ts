import type { TransactionClient } from "@skyport/db";
import { authorize } from "../authz/authorize.ts";
import { NotFoundError } from "../shared/errors.ts";
import type { DeploymentRef } from "../shared/fields.types.ts";
import { type MutationContext, mutate } from "../shared/mutation.ts";
import { type Page, type PageRequest, readPage } from "../shared/pagination.ts";
import type { DeploymentAdmin, DeploymentAdminInput } from "./role-bindings.types.ts";
import {
  BINDING_SUBJECT_SELECT,
  bindingAudit,
  boundSubject,
  grantBinding,
  subjectWhere,
} from "./subjects.ts";

export type { DeploymentAdmin, DeploymentRef };

/** Loads a live deployment with the tenant floor in the WHERE clause. */
async function findDeployment(tx: TransactionClient, ref: DeploymentRef) {
  const deployment = await tx.deployment.findFirst({
    where: { id: ref.deploymentId, organizationId: ref.organizationId, deletedAt: null },
    select: { id: true, name: true, workspaceId: true },
  });
  if (!deployment) throw new NotFoundError("deployment");
  return deployment;
}

function deploymentTarget(deployment: { id: string; name: string }) {
  return { type: "deployment", id: deployment.id, label: deployment.name };
}

/** A page of the users and teams holding DEPLOYMENT_ADMIN on one deployment, in binding-id order. */
export async function listDeploymentAdmins(
  ctx: Pick<MutationContext, "db" | "actor">,
  input: DeploymentRef & PageRequest,
): Promise<Page<DeploymentAdmin>> {
  const ref = { organizationId: input.organizationId, deploymentId: input.deploymentId };
  await authorize(ctx.db, ctx.actor, "deployment.read", ref);
  const page = await readPage(
    input,
    ({ where, ...order }) =>
      ctx.db.deploymentRoleBinding.findMany({
        where: { deploymentId: ref.deploymentId, organizationId: ref.organizationId, ...where },
        select: {
          id: true,
          user: { select: { id: true, name: true, email: true } },
          team: { select: { id: true, name: true } },
        },
        ...order,
      }),
    (binding) => binding.id,
  );
  const admins: DeploymentAdmin[] = [];
  for (const binding of page.items) {
    if (binding.user)
      admins.push({ type: "user", bindingId: binding.id, role: "DEPLOYMENT_ADMIN", user: binding.user });
    else if (binding.team)
      admins.push({ type: "team", bindingId: binding.id, role: "DEPLOYMENT_ADMIN", team: binding.team });
  }
  return { items: admins, nextCursor: page.nextCursor };
}

/** Grants DEPLOYMENT_ADMIN on a deployment to a member of the organization or one of its teams. */
export async function grantDeploymentAdmin(
  ctx: MutationContext,
  input: DeploymentAdminInput,
): Promise<{ bindingId: string }> {
  return mutate(ctx, { permission: "deployment.member.manage", resource: input }, async (tx) => {
    const deployment = await findDeployment(tx, input);
    const { subject, binding } = await grantBinding(tx, input.organizationId, input.subject, {
      existing: (columns) =>
        tx.deploymentRoleBinding.findFirst({
          where: { deploymentId: deployment.id, ...columns },
          select: { id: true },
        }),
      create: (columns) =>
        tx.deploymentRoleBinding.create({
          data: {
            organizationId: input.organizationId,
            deploymentId: deployment.id,
            role: "DEPLOYMENT_ADMIN",
            ...columns,
          },
          select: { id: true },
        }),
      alreadyHeld: (subject) => `${subject} is already an admin of this deployment`,
    });
    return {
      result: { bindingId: binding.id },
      audit: bindingAudit("deployment.member.grant", deploymentTarget(deployment), subject, {
        from: null,
        to: "DEPLOYMENT_ADMIN",
      }),
    };
  });
}

/** Takes DEPLOYMENT_ADMIN on a deployment away from a user or team. */
export async function revokeDeploymentAdmin(
  ctx: MutationContext,
  input: DeploymentAdminInput,
): Promise<{ bindingId: string }> {
  return mutate(ctx, { permission: "deployment.member.manage", resource: input }, async (tx) => {
    const deployment = await findDeployment(tx, input);
    const wanted = input.subject;
    const { binding, subject } = boundSubject(
      await tx.deploymentRoleBinding.findFirst({
        where: { deploymentId: deployment.id, organizationId: input.organizationId, ...subjectWhere(wanted) },
        select: BINDING_SUBJECT_SELECT,
      }),
      "deployment admin",
    );
    await tx.deploymentRoleBinding.delete({ where: { id: binding.id } });
    return {
      result: { bindingId: binding.id },
      audit: bindingAudit("deployment.member.revoke", deploymentTarget(deployment), subject, {
        from: binding.role,
        to: null,
      }),
    };
  });
}

// Inputs for the authorization matrix: for each permission-checked procedure, a valid input
// aimed at the world's organization, workspace or deployment (where the personas' roles
// are). Adding a procedure without an entry here fails the matrix test.
import type { PrismaClient } from "@skyport/db";
import type { World } from "@skyport/testing";

export type MatrixInput = (world: World, db: PrismaClient) => unknown | Promise<unknown>;

/** Deployment spec fields a create or update request carries. */
const MATRIX_SPEC = { runtimeVersion: "3.3.1", executor: "KUBERNETES" };

/** Turns the world's deployment into a Celery one with a `default` and a `reports` queue. */
async function celeryDeployment(w: World, db: PrismaClient) {
  const queue = (name: string) => ({ name, workerSize: "S", minWorkers: 1, maxWorkers: 10 });
  const deployment = await db.deployment.findUniqueOrThrow({ where: { id: w.deploymentId } });
  await db.deployment.update({
    where: { id: w.deploymentId },
    data: {
      spec: {
        ...(deployment.spec as Record<string, unknown>),
        executor: "CELERY",
        workerQueues: [queue("default"), queue("reports")],
      },
    },
  });
  return { organizationId: w.organizationId, deploymentId: w.deploymentId };
}

export const MATRIX_INPUTS: Record<string, MatrixInput> = {
  "apiToken.create": (w) => ({
    organizationId: w.organizationId,
    scope: "ORGANIZATION",
    role: "ORGANIZATION_MEMBER",
    name: "Matrix token",
  }),
  "apiToken.list": (w) => ({ organizationId: w.organizationId }),
  "apiToken.revoke": async (w, db) => {
    const token = await db.apiToken.create({
      data: {
        organizationId: w.organizationId,
        scope: "ORGANIZATION",
        role: "ORGANIZATION_MEMBER",
        name: "Matrix token",
        prefix: "skp_matrix00",
        secretHash: `matrix-${Math.random().toString(16).slice(2)}-${Date.now()}`,
      },
    });
    return { organizationId: w.organizationId, apiTokenId: token.id };
  },
  "audit.list": (w) => ({ organizationId: w.organizationId }),
  "audit.verify": (w) => ({ organizationId: w.organizationId }),
  "organization.get": (w) => ({ organizationId: w.organizationId }),
  "organization.rename": (w) => ({ organizationId: w.organizationId, name: "Renamed organization" }),
  // The world's only owner leaving gets CONFLICT (authorized, refused by the last-owner rule).
  "organization.leave": (w) => ({ organizationId: w.organizationId }),
  "member.list": (w) => ({ organizationId: w.organizationId }),
  "member.updateRole": (w) => ({
    organizationId: w.organizationId,
    userId: w.bystander.id,
    role: "ORGANIZATION_BILLING_ADMIN",
  }),
  "member.remove": (w) => ({ organizationId: w.organizationId, userId: w.bystander.id }),
  "invitation.create": (w) => ({
    organizationId: w.organizationId,
    email: `matrix-${Math.random().toString(16).slice(2)}@example.test`,
    role: "ORGANIZATION_MEMBER",
  }),
  "invitation.list": (w) => ({ organizationId: w.organizationId }),
  "invitation.revoke": async (w, db) => {
    const invitation = await db.invitation.create({
      data: {
        organizationId: w.organizationId,
        email: `matrix-${Math.random().toString(16).slice(2)}@example.test`,
        role: "ORGANIZATION_MEMBER",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    return { organizationId: w.organizationId, invitationId: invitation.id };
  },
  "invitation.resend": async (w, db) => {
    const invitation = await db.invitation.create({
      data: {
        organizationId: w.organizationId,
        email: `matrix-${Math.random().toString(16).slice(2)}@example.test`,
        role: "ORGANIZATION_MEMBER",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    return { organizationId: w.organizationId, invitationId: invitation.id };
  },
  "workspace.list": (w) => ({ organizationId: w.organizationId }),
  "workspace.get": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspace.create": (w) => ({ organizationId: w.organizationId, name: "Matrix workspace" }),
  "workspace.update": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    description: "Changed by the matrix",
  }),
  // The world's workspace still has a deployment: allowed callers get CONFLICT (authorized).
  "workspace.delete": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspaceMember.list": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "workspaceMember.grant": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { userId: w.bystander.id },
    role: "WORKSPACE_MEMBER",
  }),
  "workspaceMember.update": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { userId: w.users.workspaceMember.id },
    role: "WORKSPACE_AUTHOR",
  }),
  "workspaceMember.revoke": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    subject: { teamId: w.teamId },
  }),
  "team.list": (w) => ({ organizationId: w.organizationId }),
  "team.create": (w) => ({ organizationId: w.organizationId, name: "Matrix team" }),
  "team.rename": (w) => ({ organizationId: w.organizationId, teamId: w.teamId, name: "Renamed team" }),
  "team.delete": (w) => ({ organizationId: w.organizationId, teamId: w.teamId }),
  "team.addMember": (w) => ({ organizationId: w.organizationId, teamId: w.teamId, userId: w.bystander.id }),
  "team.removeMember": (w) => ({
    organizationId: w.organizationId,
    teamId: w.teamId,
    userId: w.users.teamWorkspaceOperator.id,
  }),
  "deployment.list": (w) => ({ organizationId: w.organizationId, workspaceId: w.workspaceId }),
  "deployment.get": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deployment.create": (w) => ({
    organizationId: w.organizationId,
    workspaceId: w.workspaceId,
    name: "matrix",
    spec: MATRIX_SPEC,
  }),
  "deployment.update": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    spec: { ...MATRIX_SPEC, highAvailability: true },
  }),
  "deployment.delete": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    confirmName: "etl",
  }),
  "workerQueue.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "workerQueue.create": async (w, db) => ({ ...(await celeryDeployment(w, db)), name: "ml", maxWorkers: 4 }),
  "workerQueue.update": async (w, db) => ({
    ...(await celeryDeployment(w, db)),
    name: "reports",
    maxWorkers: 3,
  }),
  "workerQueue.delete": async (w, db) => ({ ...(await celeryDeployment(w, db)), name: "reports" }),
  "deploymentMember.list": (w) => ({ organizationId: w.organizationId, deploymentId: w.deploymentId }),
  "deploymentMember.grant": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    subject: { userId: w.bystander.id },
  }),
  "deploymentMember.revoke": (w) => ({
    organizationId: w.organizationId,
    deploymentId: w.deploymentId,
    subject: { userId: w.users.deploymentAdmin.id },
  }),
};

// A small organization with one person per role, plus an outsider from another
// organization: the cast of the authorization-matrix and cross-tenant tests.
import { randomBytes, randomUUID } from "node:crypto";
import type { PrismaClient } from "@skyport/db";

/** Structurally the domain's user Actor (kept local so the test kit does not depend on domain). */
export interface UserActor {
  type: "user";
  userId: string;
  label: string;
}

export const PERSONAS = [
  "organizationOwner",
  "billingAdmin",
  "organizationMember",
  "workspaceOwner",
  "workspaceOperator",
  "workspaceAuthor",
  "workspaceMember",
  "teamWorkspaceOperator",
  "deploymentAdmin",
  "outsider",
] as const;
export type Persona = (typeof PERSONAS)[number];

export interface World {
  organizationId: string;
  otherOrganizationId: string;
  workspaceId: string;
  otherWorkspaceId: string;
  deploymentId: string;
  teamId: string;
  users: Record<Persona, { id: string; email: string }>;
  /** A member with no roles beyond ORGANIZATION_MEMBER, for procedures that act on "someone else". */
  bystander: { id: string; email: string };
  actor(persona: Persona): UserActor;
}

export async function buildWorld(db: PrismaClient): Promise<World> {
  const tag = randomBytes(4).toString("hex");
  const user = (name: string) =>
    db.user.create({ data: { email: `${name.toLowerCase()}-${tag}@example.test`, name } });

  const organization = await db.organization.create({ data: { name: `Acme ${tag}`, slug: `acme-${tag}` } });
  const other = await db.organization.create({ data: { name: `Globex ${tag}`, slug: `globex-${tag}` } });
  const workspace = await db.workspace.create({
    data: { organizationId: organization.id, name: "Analytics" },
  });
  const otherWorkspace = await db.workspace.create({ data: { organizationId: other.id, name: "Analytics" } });
  const deployment = await db.deployment.create({
    data: {
      organizationId: organization.id,
      workspaceId: workspace.id,
      name: "etl",
      // A normalised spec, as createDeployment stores it.
      spec: {
        name: "etl",
        description: "",
        runtimeVersion: "3.3.1",
        executor: "KUBERNETES",
        schedulerSize: "S",
        highAvailability: false,
        workerQueues: [],
        airflowConfigOverrides: [],
        contactEmails: [],
      },
      namespace: `skyport-${tag}`,
    },
  });
  const team = await db.team.create({ data: { organizationId: organization.id, name: "Data platform" } });

  const users = {} as Record<Persona, { id: string; email: string }>;
  for (const persona of PERSONAS) users[persona] = await user(persona);
  const bystander = await user("Bystander");

  const orgRole: Partial<
    Record<Persona, "ORGANIZATION_OWNER" | "ORGANIZATION_BILLING_ADMIN" | "ORGANIZATION_MEMBER">
  > = {
    organizationOwner: "ORGANIZATION_OWNER",
    billingAdmin: "ORGANIZATION_BILLING_ADMIN",
  };
  for (const persona of PERSONAS) {
    if (persona === "outsider") continue;
    await db.organizationMembership.create({
      data: {
        organizationId: organization.id,
        userId: users[persona].id,
        role: orgRole[persona] ?? "ORGANIZATION_MEMBER",
      },
    });
  }
  await db.organizationMembership.create({
    data: { organizationId: organization.id, userId: bystander.id, role: "ORGANIZATION_MEMBER" },
  });
  await db.organizationMembership.create({
    data: { organizationId: other.id, userId: users.outsider.id, role: "ORGANIZATION_OWNER" },
  });

  const direct = {
    workspaceOwner: "WORKSPACE_OWNER",
    workspaceOperator: "WORKSPACE_OPERATOR",
    workspaceAuthor: "WORKSPACE_AUTHOR",
    workspaceMember: "WORKSPACE_MEMBER",
  } as const;
  for (const [persona, role] of Object.entries(direct)) {
    await db.workspaceRoleBinding.create({
      data: {
        organizationId: organization.id,
        workspaceId: workspace.id,
        role,
        userId: users[persona as Persona].id,
      },
    });
  }
  // A role held only through a team.
  await db.teamMembership.create({ data: { teamId: team.id, userId: users.teamWorkspaceOperator.id } });
  await db.workspaceRoleBinding.create({
    data: {
      organizationId: organization.id,
      workspaceId: workspace.id,
      role: "WORKSPACE_OPERATOR",
      teamId: team.id,
    },
  });
  await db.deploymentRoleBinding.create({
    data: {
      organizationId: organization.id,
      deploymentId: deployment.id,
      role: "DEPLOYMENT_ADMIN",
      userId: users.deploymentAdmin.id,
    },
  });

  return {
    organizationId: organization.id,
    otherOrganizationId: other.id,
    workspaceId: workspace.id,
    otherWorkspaceId: otherWorkspace.id,
    deploymentId: deployment.id,
    teamId: team.id,
    users,
    bystander,
    actor: (persona) => ({ type: "user", userId: users[persona].id, label: users[persona].email }),
  };
}

/** A fresh deployment in the world's workspace (its own raw store, run model and ingest token). */
export async function newDeployment(db: PrismaClient, world: World, name = `d-${randomUUID().slice(0, 8)}`) {
  const deployment = await db.deployment.create({
    data: {
      organizationId: world.organizationId,
      workspaceId: world.workspaceId,
      name,
      spec: { name, description: "", runtimeVersion: "3.3.1", executor: "KUBERNETES" },
      namespace: `skyport-${randomUUID().slice(0, 12)}`,
    },
  });
  return { organizationId: world.organizationId, deploymentId: deployment.id };
}

import type { WorkspaceRole } from "@skyport/db";
import {
  type Actor,
  ConflictError,
  createOrganizationInput,
  createOrganization as createOrganizationOperation,
  ForbiddenError,
  leaveOrganization,
  listMembers,
  type MutationContext,
  NotFoundError,
  removeMember,
  renameOrganizationInput,
  renameOrganization as renameOrganizationOperation,
  updateMemberRoleInput,
  updateMemberRole as updateMemberRoleOperation,
  ValidationError,
} from "@skyport/domain";
import { type Persona, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const updateMemberRole = throughContract(updateMemberRoleInput, updateMemberRoleOperation);
const renameOrganization = throughContract(renameOrganizationInput, renameOrganizationOperation);
const createOrganization = throughContract(createOrganizationInput, createOrganizationOperation);

const { db, world } = await worldOnTestDatabase();
const context = { ip: "198.51.100.7", userAgent: "vitest", requestId: "members-test" };

function as(actor: Actor): MutationContext {
  return { db, actor, context };
}

/** `persona` sets the organization role of the world's `member` (any string: the contract validates it). */
function changeWorldRole(persona: Persona, member: Persona, role: string) {
  return updateMemberRole(as(world.actor(persona)), {
    organizationId: world.organizationId,
    userId: world.users[member].id,
    role,
  });
}

async function newUser(name: string) {
  const user = await db.user.create({
    data: { email: `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}@example.test`, name },
  });
  return { ...user, actor: { type: "user", userId: user.id, label: user.email } as Actor };
}

/** An organization with the given owners (the first creates it). */
async function organizationOwnedBy(...owners: Awaited<ReturnType<typeof newUser>>[]) {
  const [first, ...rest] = owners;
  if (!first) throw new Error("need an owner");
  const organization = await createOrganization(as(first.actor), { name: `Org of ${first.name}` });
  for (const owner of rest) {
    await db.organizationMembership.create({
      data: { organizationId: organization.id, userId: owner.id, role: "ORGANIZATION_OWNER" },
    });
  }
  return organization;
}

/** A new organization of `ownerName`'s with `memberName` as a plain member. */
async function ownerAndMember(ownerName: string, memberName: string) {
  const owner = await newUser(ownerName);
  const member = await newUser(memberName);
  const organization = await organizationOwnedBy(owner);
  await db.organizationMembership.create({
    data: { organizationId: organization.id, userId: member.id, role: "ORGANIZATION_MEMBER" },
  });
  return { owner, member, organization };
}

async function auditActions(organizationId: string): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { organizationId }, orderBy: { sequence: "asc" } });
  return events.map((e) => e.action);
}

async function ownerCount(organizationId: string) {
  return db.organizationMembership.count({ where: { organizationId, role: "ORGANIZATION_OWNER" } });
}

describe("members", () => {
  it("lists members with their roles to any member", async () => {
    const members = (await listMembers(db, world.actor("organizationMember"), world.organizationId)).items;
    expect(members.map((m) => m.userId)).toContain(world.users.organizationOwner.id);
    expect(members.find((m) => m.userId === world.users.billingAdmin.id)?.role).toBe(
      "ORGANIZATION_BILLING_ADMIN",
    );
    expect(members.some((m) => m.userId === world.users.outsider.id)).toBe(false);
  });

  it("answers an owner of another organization NOT_FOUND for list, update and remove", async () => {
    const outsider = as(world.actor("outsider"));
    await expect(listMembers(db, outsider.actor, world.organizationId)).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      changeWorldRole("outsider", "organizationMember", "ORGANIZATION_OWNER"),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      removeMember(outsider, {
        organizationId: world.organizationId,
        userId: world.users.organizationMember.id,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    // ...and a member id from another organization is NOT_FOUND for the owner too.
    await expect(
      changeWorldRole("organizationOwner", "outsider", "ORGANIZATION_MEMBER"),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets only owners change roles, refusing unknown roles on the role field", async () => {
    await expect(
      changeWorldRole("billingAdmin", "organizationMember", "ORGANIZATION_OWNER"),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const error = await changeWorldRole("organizationOwner", "organizationMember", "SUPREME_LEADER").catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("role");
  });

  it("changes a role with one audit event naming the change", async () => {
    const { owner, member, organization } = await ownerAndMember("Olga", "Milo");
    const updated = await updateMemberRole(as(owner.actor), {
      organizationId: organization.id,
      userId: member.id,
      role: "ORGANIZATION_BILLING_ADMIN",
    });
    expect(updated.role).toBe("ORGANIZATION_BILLING_ADMIN");
    expect(await auditActions(organization.id)).toEqual([
      "organization.create",
      "organization.member.update",
    ]);
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "organization.member.update" },
    });
    expect(event.metadata).toMatchObject({
      role: { from: "ORGANIZATION_MEMBER", to: "ORGANIZATION_BILLING_ADMIN" },
    });
  });

  it("never lets the last owner be demoted, removed or leave", async () => {
    const owner = await newUser("Solo");
    const organization = await organizationOwnedBy(owner);
    const ctx = as(owner.actor);
    const target = { organizationId: organization.id, userId: owner.id };
    await expect(updateMemberRole(ctx, { ...target, role: "ORGANIZATION_MEMBER" })).rejects.toBeInstanceOf(
      ConflictError,
    );
    await expect(removeMember(ctx, target)).rejects.toBeInstanceOf(ConflictError);
    await expect(leaveOrganization(ctx, { organizationId: organization.id })).rejects.toThrow(/last owner/);
    expect(await ownerCount(organization.id)).toBe(1);
    expect(await auditActions(organization.id)).toEqual(["organization.create"]);

    // With a second owner, the first may leave.
    const second = await newUser("Second");
    await db.organizationMembership.create({
      data: { organizationId: organization.id, userId: second.id, role: "ORGANIZATION_OWNER" },
    });
    await leaveOrganization(ctx, { organizationId: organization.id });
    expect(await ownerCount(organization.id)).toBe(1);
    expect(await auditActions(organization.id)).toEqual(["organization.create", "organization.member.leave"]);
  });

  it("lets exactly one of two concurrent demotions of the only two owners through", async () => {
    for (let round = 0; round < 5; round++) {
      const a = await newUser("Alpha");
      const b = await newUser("Beta");
      const organization = await organizationOwnedBy(a, b);
      const results = await Promise.allSettled([
        updateMemberRole(as(a.actor), {
          organizationId: organization.id,
          userId: b.id,
          role: "ORGANIZATION_MEMBER",
        }),
        updateMemberRole(as(b.actor), {
          organizationId: organization.id,
          userId: a.id,
          role: "ORGANIZATION_MEMBER",
        }),
      ]);
      const fulfilled = results.filter((r) => r.status === "fulfilled");
      const rejected = results.filter((r) => r.status === "rejected");
      expect(fulfilled).toHaveLength(1);
      expect(rejected).toHaveLength(1);
      // The loser either saw the other owner demoted (conflict) or was itself demoted first (forbidden).
      const reason = (rejected[0] as PromiseRejectedResult).reason;
      expect(reason instanceof ConflictError || reason instanceof ForbiddenError).toBe(true);
      expect(await ownerCount(organization.id)).toBe(1);
    }
  });

  it("lets exactly one of two concurrent removals of the only two owners through", async () => {
    const a = await newUser("Gamma");
    const b = await newUser("Delta");
    const organization = await organizationOwnedBy(a, b);
    const results = await Promise.allSettled([
      removeMember(as(a.actor), { organizationId: organization.id, userId: b.id }),
      leaveOrganization(as(b.actor), { organizationId: organization.id }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await ownerCount(organization.id)).toBe(1);
  });

  it("removes a member with their workspace, deployment and team roles in that organization only", async () => {
    const owner = as(world.actor("organizationOwner"));
    const person = await newUser("Roles");
    /** Makes the person an organization member with this role in one of its workspaces. */
    const memberWith = async (organizationId: string, workspaceId: string, role: WorkspaceRole) => {
      await db.organizationMembership.create({
        data: { organizationId, userId: person.id, role: "ORGANIZATION_MEMBER" },
      });
      await db.workspaceRoleBinding.create({
        data: { organizationId, workspaceId, role, userId: person.id },
      });
    };
    await memberWith(world.organizationId, world.workspaceId, "WORKSPACE_AUTHOR");
    await db.deploymentRoleBinding.create({
      data: {
        organizationId: world.organizationId,
        deploymentId: world.deploymentId,
        role: "DEPLOYMENT_ADMIN",
        userId: person.id,
      },
    });
    await db.teamMembership.create({ data: { teamId: world.teamId, userId: person.id } });
    // The same person also belongs to another organization, with a workspace role there.
    await memberWith(world.otherOrganizationId, world.otherWorkspaceId, "WORKSPACE_MEMBER");
    const before = await db.auditEvent.count({ where: { organizationId: world.organizationId } });

    await removeMember(owner, { organizationId: world.organizationId, userId: person.id });

    // Everything in this organization is gone; the membership and role in the other one stay.
    const inThis = { organizationId: world.organizationId, userId: person.id };
    const inOther = { organizationId: world.otherOrganizationId, userId: person.id };
    expect({
      membership: await db.organizationMembership.count({ where: inThis }),
      workspaceRoles: await db.workspaceRoleBinding.count({ where: inThis }),
      deploymentRoles: await db.deploymentRoleBinding.count({ where: { userId: person.id } }),
      teamMemberships: await db.teamMembership.count({ where: { userId: person.id } }),
      otherWorkspaceRoles: await db.workspaceRoleBinding.count({ where: inOther }),
      otherMembership: await db.organizationMembership.count({ where: inOther }),
    }).toEqual({
      membership: 0,
      workspaceRoles: 0,
      deploymentRoles: 0,
      teamMemberships: 0,
      otherWorkspaceRoles: 1,
      otherMembership: 1,
    });
    const events = await db.auditEvent.findMany({
      where: { organizationId: world.organizationId },
      orderBy: { sequence: "asc" },
    });
    expect(events.length - before).toBe(1);
    expect(events.at(-1)).toMatchObject({ action: "organization.member.remove" });
    expect(events.at(-1)?.metadata).toMatchObject({
      removed: { workspaceRoles: 1, deploymentRoles: 1, teamMemberships: 1 },
    });
  });
});

describe("organizations", () => {
  it("renames for owners only, validating the name", async () => {
    const { owner, member, organization } = await ownerAndMember("Renamer", "Watcher");
    await expect(
      renameOrganization(as(member.actor), { organizationId: organization.id, name: "Taken over" }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      renameOrganization(as(owner.actor), { organizationId: organization.id, name: "X" }),
    ).rejects.toMatchObject({ field: "name" });
    const renamed = await renameOrganization(as(owner.actor), {
      organizationId: organization.id,
      name: "New name",
    });
    expect(renamed.name).toBe("New name");
    expect(await auditActions(organization.id)).toEqual(["organization.create", "organization.update"]);
    await expect(
      renameOrganization(as(world.actor("outsider")), { organizationId: organization.id, name: "Mine now" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

import {
  type Actor,
  ConflictError,
  createWorkspaceInput,
  createWorkspace as createWorkspaceOperation,
  deleteWorkspace,
  effectiveWorkspaceRole,
  ForbiddenError,
  getWorkspace,
  listWorkspaces,
  NotFoundError,
  updateWorkspaceInput,
  updateWorkspace as updateWorkspaceOperation,
  ValidationError,
} from "@skyport/domain";
import { buildWorld, type World } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const createWorkspace = throughContract(createWorkspaceInput, createWorkspaceOperation);
const updateWorkspace = throughContract(updateWorkspaceInput, updateWorkspaceOperation);

import { contextFor, personaDatabase, rowCounts, withAudit } from "./workspace-support.ts";

const { db, as } = await personaDatabase();

function token(
  world: World,
  scope: "ORGANIZATION" | "WORKSPACE" | "DEPLOYMENT",
  role: string,
  extra: { organizationId?: string; workspaceId?: string | null; deploymentId?: string | null } = {},
): Actor {
  return {
    type: "apiToken",
    tokenId: `tok-${scope}-${role}`,
    label: `token ${scope}`,
    organizationId: extra.organizationId ?? world.organizationId,
    scope,
    workspaceId: extra.workspaceId ?? null,
    deploymentId: extra.deploymentId ?? null,
    role,
    createdById: null,
  };
}

describe("createWorkspace", () => {
  it("creates a workspace for an organization owner and writes one workspace.create event", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      createWorkspace(as(world, "organizationOwner"), {
        organizationId: world.organizationId,
        name: "  Marketing data  ",
        description: " Campaign pipelines ",
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({
      organizationId: world.organizationId,
      name: "Marketing data",
      description: "Campaign pipelines",
      role: "WORKSPACE_OWNER",
    });
    const stored = await db.workspace.findUniqueOrThrow({ where: { id: outcome.result?.id } });
    expect(stored.name).toBe("Marketing data");
    expect(outcome.events).toEqual([
      {
        action: "workspace.create",
        targets: [{ type: "workspace", id: stored.id, label: "Marketing data" }],
        metadata: { name: "Marketing data", description: "Campaign pipelines" },
      },
    ]);
  });

  it("refuses a duplicate name whatever its case, naming the field and writing nothing", async () => {
    const world = await buildWorld(db); // already has "Analytics"
    for (const name of ["analytics", "ANALYTICS", "  Analytics "]) {
      const before = await rowCounts(db);
      const outcome = await withAudit(db, [world.organizationId], () =>
        createWorkspace(as(world, "organizationOwner"), { organizationId: world.organizationId, name }),
      );
      expect(outcome.error).toBeInstanceOf(ConflictError);
      expect((outcome.error as ConflictError).field).toBe("name");
      expect(outcome.events).toEqual([]);
      expect(await rowCounts(db)).toEqual(before);
    }
  });

  it("allows the same name in another organization", async () => {
    const world = await buildWorld(db);
    const other = await db.organizationMembership.findFirstOrThrow({
      where: { organizationId: world.otherOrganizationId },
    });
    const outsider = contextFor(db, { type: "user", userId: other.userId, label: "outsider" });
    // The other organization has its own "Analytics"; a different name is fine there too.
    await expect(
      createWorkspace(outsider, { organizationId: world.otherOrganizationId, name: "Finance" }),
    ).resolves.toMatchObject({ name: "Finance" });
    await expect(
      createWorkspace(as(world, "organizationOwner"), {
        organizationId: world.organizationId,
        name: "finance",
      }),
    ).resolves.toMatchObject({ name: "finance" });
  });

  it("serialises concurrent creations so names differing only in case cannot both win", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "organizationOwner");
    // Open the pool's connections first, so the transactions really run side by side.
    await Promise.all([1, 2, 3, 4, 5].map(() => db.$executeRaw`SELECT pg_sleep(0.05)`));
    const results = await Promise.allSettled(
      ["Ops", "ops", "OPS", "oPs"].map((name) =>
        createWorkspace(ctx, { organizationId: world.organizationId, name }),
      ),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(ConflictError);
    expect(
      await db.workspace.count({
        where: { organizationId: world.organizationId, name: { equals: "ops", mode: "insensitive" } },
      }),
    ).toBe(1);
  });

  it("validates name and description, naming the field", async () => {
    const world = await buildWorld(db);
    const ctx = as(world, "organizationOwner");
    const cases: Array<[{ name: string; description?: string }, string]> = [
      [{ name: "" }, "name"],
      [{ name: "    " }, "name"],
      [{ name: "x".repeat(61) }, "name"],
      [{ name: "ok", description: "d".repeat(501) }, "description"],
    ];
    const before = await rowCounts(db);
    for (const [input, field] of cases) {
      const error = await createWorkspace(ctx, { organizationId: world.organizationId, ...input }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
    }
    expect(await rowCounts(db)).toEqual(before);
    await expect(
      createWorkspace(ctx, {
        organizationId: world.organizationId,
        name: "x".repeat(60),
        description: "d".repeat(500),
      }),
    ).resolves.toMatchObject({ name: "x".repeat(60) });
  });

  it("is refused to everyone but organization owners, and to outsiders as NOT_FOUND", async () => {
    const world = await buildWorld(db);
    for (const persona of ["organizationMember", "billingAdmin", "workspaceOwner"] as const) {
      const before = await rowCounts(db);
      const error = await createWorkspace(as(world, persona), {
        organizationId: world.organizationId,
        name: `By ${persona}`,
      }).catch((e) => e);
      expect(error, persona).toBeInstanceOf(ForbiddenError);
      expect(await rowCounts(db)).toEqual(before);
    }
    const before = await rowCounts(db);
    const error = await createWorkspace(as(world, "outsider"), {
      organizationId: world.organizationId,
      name: "Sneaky",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe("effective workspace role", () => {
  it("is the highest of direct bindings, team bindings and organization-owner inheritance", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    const team = await db.team.create({ data: { organizationId: world.organizationId, name: "Authors" } });
    await db.workspaceRoleBinding.create({
      data: { ...ref, role: "WORKSPACE_AUTHOR", teamId: team.id },
    });
    // workspaceMember: direct MEMBER + team AUTHOR → AUTHOR (the team wins).
    await db.teamMembership.create({ data: { teamId: team.id, userId: world.users.workspaceMember.id } });
    // workspaceOwner: direct OWNER + team AUTHOR → OWNER (the direct binding wins).
    await db.teamMembership.create({ data: { teamId: team.id, userId: world.users.workspaceOwner.id } });
    // bystander: team AUTHOR only.
    await db.teamMembership.create({ data: { teamId: team.id, userId: world.bystander.id } });
    // organizationOwner: a weak direct binding does not lower the inherited WORKSPACE_OWNER.
    await db.workspaceRoleBinding.create({
      data: { ...ref, role: "WORKSPACE_MEMBER", userId: world.users.organizationOwner.id },
    });

    const bystander: Actor = { type: "user", userId: world.bystander.id, label: world.bystander.email };
    const expected: Array<[Actor, string | null]> = [
      [world.actor("workspaceMember"), "WORKSPACE_AUTHOR"],
      [world.actor("workspaceOwner"), "WORKSPACE_OWNER"],
      [world.actor("organizationOwner"), "WORKSPACE_OWNER"],
      [world.actor("teamWorkspaceOperator"), "WORKSPACE_OPERATOR"],
      [bystander, "WORKSPACE_AUTHOR"],
      [world.actor("organizationMember"), null],
      [world.actor("outsider"), null],
    ];
    for (const [actor, role] of expected) {
      expect(await effectiveWorkspaceRole(db, actor, ref), actor.label).toBe(role);
      if (role === null) continue;
      const ctx = contextFor(db, actor);
      const listed = (await listWorkspaces(ctx, { organizationId: world.organizationId })).items;
      expect(listed.find((w) => w.id === world.workspaceId)?.role, actor.label).toBe(role);
      expect((await getWorkspace(ctx, ref)).role, actor.label).toBe(role);
    }
  });
});

describe("listWorkspaces", () => {
  it("shows owners every workspace and others only those where they hold a role", async () => {
    const world = await buildWorld(db);
    const owner = as(world, "organizationOwner");
    const second = await createWorkspace(owner, { organizationId: world.organizationId, name: "Billing" });
    const input = { organizationId: world.organizationId };

    const names = async (actor: Actor) =>
      (await listWorkspaces(contextFor(db, actor), input)).items.map((w) => `${w.name}:${w.role}`);

    expect(await names(world.actor("organizationOwner"))).toEqual([
      "Analytics:WORKSPACE_OWNER",
      "Billing:WORKSPACE_OWNER",
    ]);
    expect(await names(world.actor("workspaceMember"))).toEqual(["Analytics:WORKSPACE_MEMBER"]);
    expect(await names(world.actor("teamWorkspaceOperator"))).toEqual(["Analytics:WORKSPACE_OPERATOR"]);
    expect(await names(world.actor("organizationMember"))).toEqual([]);
    expect(await names(world.actor("billingAdmin"))).toEqual([]);
    expect(await names(world.actor("deploymentAdmin"))).toEqual([]);
    await expect(names(world.actor("outsider"))).rejects.toBeInstanceOf(NotFoundError);

    // Tokens: organization owner tokens see all, workspace tokens only their own workspace.
    expect(await names(token(world, "ORGANIZATION", "ORGANIZATION_OWNER"))).toEqual([
      "Analytics:WORKSPACE_OWNER",
      "Billing:WORKSPACE_OWNER",
    ]);
    expect(await names(token(world, "ORGANIZATION", "ORGANIZATION_MEMBER"))).toEqual([]);
    expect(await names(token(world, "WORKSPACE", "WORKSPACE_AUTHOR", { workspaceId: second.id }))).toEqual([
      "Billing:WORKSPACE_AUTHOR",
    ]);
    // A token of another organization, or aimed at another organization's workspace.
    await expect(
      names(
        token(world, "ORGANIZATION", "ORGANIZATION_OWNER", { organizationId: world.otherOrganizationId }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      names(
        token(world, "WORKSPACE", "WORKSPACE_OWNER", {
          organizationId: world.otherOrganizationId,
          workspaceId: world.otherWorkspaceId,
        }),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("getWorkspace", () => {
  it("reports the caller's role and what they may do", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    expect(await getWorkspace(as(world, "workspaceOwner"), ref)).toMatchObject({
      name: "Analytics",
      role: "WORKSPACE_OWNER",
      deploymentCount: 1,
      can: { update: true, delete: true, manageMembers: true },
    });
    expect(await getWorkspace(as(world, "workspaceOperator"), ref)).toMatchObject({
      role: "WORKSPACE_OPERATOR",
      can: { update: false, delete: false, manageMembers: false },
    });
    await expect(getWorkspace(as(world, "organizationMember"), ref)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("answers NOT_FOUND for another organization's workspace, whichever organization id is given", async () => {
    const world = await buildWorld(db);
    const owner = as(world, "organizationOwner");
    await expect(
      getWorkspace(owner, { organizationId: world.organizationId, workspaceId: world.otherWorkspaceId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      getWorkspace(owner, { organizationId: world.otherOrganizationId, workspaceId: world.otherWorkspaceId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      getWorkspace(owner, { organizationId: world.organizationId, workspaceId: "does-not-exist" }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("updateWorkspace", () => {
  it("renames and re-describes for workspace owners, recording what changed", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    const outcome = await withAudit(db, [world.organizationId], () =>
      updateWorkspace(as(world, "workspaceOwner"), { ...ref, name: "Analytics EU", description: "EU data" }),
    );
    expect(outcome.result).toMatchObject({
      name: "Analytics EU",
      description: "EU data",
      role: "WORKSPACE_OWNER",
    });
    expect(outcome.events).toEqual([
      {
        action: "workspace.update",
        targets: [{ type: "workspace", id: world.workspaceId, label: "Analytics EU" }],
        metadata: {
          changes: {
            name: { from: "Analytics", to: "Analytics EU" },
            description: { from: "", to: "EU data" },
          },
        },
      },
    ]);
    // A change of case of its own name is not a clash.
    await expect(
      updateWorkspace(as(world, "workspaceOwner"), { ...ref, name: "analytics eu" }),
    ).resolves.toMatchObject({ name: "analytics eu" });
  });

  it("refuses a name another workspace has (any case), and lower roles, writing nothing", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    await createWorkspace(as(world, "organizationOwner"), {
      organizationId: world.organizationId,
      name: "Billing",
    });
    let before = await rowCounts(db);
    const clash = await updateWorkspace(as(world, "workspaceOwner"), { ...ref, name: "BILLING" }).catch(
      (e) => e,
    );
    expect(clash).toBeInstanceOf(ConflictError);
    expect(clash.field).toBe("name");
    expect(await rowCounts(db)).toEqual(before);

    before = await rowCounts(db);
    const forbidden = await updateWorkspace(as(world, "workspaceOperator"), { ...ref, name: "Mine" }).catch(
      (e) => e,
    );
    expect(forbidden).toBeInstanceOf(ForbiddenError);
    expect(await rowCounts(db)).toEqual(before);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: world.workspaceId } })).name).toBe(
      "Analytics",
    );
  });

  it("cannot reach another organization's workspace", async () => {
    const world = await buildWorld(db);
    const before = await rowCounts(db);
    for (const organizationId of [world.organizationId, world.otherOrganizationId]) {
      const error = await updateWorkspace(as(world, "organizationOwner"), {
        organizationId,
        workspaceId: world.otherWorkspaceId,
        name: "Hijacked",
      }).catch((e) => e);
      expect(error).toBeInstanceOf(NotFoundError);
    }
    expect(await rowCounts(db)).toEqual(before);
    expect((await db.workspace.findUniqueOrThrow({ where: { id: world.otherWorkspaceId } })).name).toBe(
      "Analytics",
    );
  });
});

describe("deleteWorkspace", () => {
  it("is refused while the workspace has deployments that are not DELETED", async () => {
    const world = await buildWorld(db); // its workspace has one CREATING deployment
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    const before = await rowCounts(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      deleteWorkspace(as(world, "workspaceOwner"), ref),
    );
    expect(outcome.error).toBeInstanceOf(ConflictError);
    expect((outcome.error as Error).message).toMatch(/1 deployment/);
    expect(outcome.events).toEqual([]);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("deletes a workspace whose deployments are all DELETED, with its role bindings", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    await db.deployment.update({
      where: { id: world.deploymentId },
      data: { status: "DELETED", deletedAt: new Date() },
    });
    const forbidden = await deleteWorkspace(as(world, "workspaceOperator"), ref).catch((e) => e);
    expect(forbidden).toBeInstanceOf(ForbiddenError);

    const outcome = await withAudit(db, [world.organizationId], () =>
      deleteWorkspace(as(world, "workspaceOwner"), ref),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.events).toEqual([
      {
        action: "workspace.delete",
        targets: [{ type: "workspace", id: world.workspaceId, label: "Analytics" }],
        metadata: { name: "Analytics", deletedDeploymentRecords: 1 },
      },
    ]);
    expect(await db.workspace.findUnique({ where: { id: world.workspaceId } })).toBeNull();
    expect(await db.workspaceRoleBinding.count({ where: { workspaceId: world.workspaceId } })).toBe(0);
    expect(await db.deployment.count({ where: { workspaceId: world.workspaceId } })).toBe(0);
  });

  it("cannot delete another organization's workspace", async () => {
    const world = await buildWorld(db);
    const before = await rowCounts(db);
    const error = await deleteWorkspace(as(world, "organizationOwner"), {
      organizationId: world.organizationId,
      workspaceId: world.otherWorkspaceId,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(await rowCounts(db)).toEqual(before);
  });
});

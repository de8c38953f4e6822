import {
  type Actor,
  ConflictError,
  effectiveWorkspaceRole,
  ForbiddenError,
  grantWorkspaceRole as grantWorkspaceRoleOperation,
  listWorkspaceMembers,
  NotFoundError,
  revokeWorkspaceRole as revokeWorkspaceRoleOperation,
  updateWorkspaceRole as updateWorkspaceRoleOperation,
  ValidationError,
  type WorkspaceRole,
  workspaceRoleChangeInput,
  workspaceRoleSubjectInput,
} from "@skyport/domain";
import { buildWorld, type World } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const grantWorkspaceRole = throughContract(workspaceRoleChangeInput, grantWorkspaceRoleOperation);
const updateWorkspaceRole = throughContract(workspaceRoleChangeInput, updateWorkspaceRoleOperation);
const revokeWorkspaceRole = throughContract(workspaceRoleSubjectInput, revokeWorkspaceRoleOperation);

import {
  analyticsTarget,
  personaDatabase,
  roleChangeEvent,
  rowCounts,
  withAudit,
} from "./workspace-support.ts";

const { db, as } = await personaDatabase();

function refOf(world: World) {
  return { organizationId: world.organizationId, workspaceId: world.workspaceId };
}

function bystanderActor(world: World): Actor {
  return { type: "user", userId: world.bystander.id, label: world.bystander.email };
}

describe("listWorkspaceMembers", () => {
  it("lists users and teams with their binding role, and organization owners as inherited owners", async () => {
    const world = await buildWorld(db);
    const members = (await listWorkspaceMembers(as(world, "workspaceMember"), refOf(world))).items;
    const users = members.flatMap((m) => (m.type === "user" ? [m] : []));
    const teams = members.flatMap((m) => (m.type === "team" ? [m] : []));

    const roleOf = (persona: keyof World["users"]) =>
      users.find((u) => u.user.id === world.users[persona].id);
    expect(roleOf("workspaceOwner")).toMatchObject({ role: "WORKSPACE_OWNER", organizationOwner: false });
    expect(roleOf("workspaceMember")).toMatchObject({ role: "WORKSPACE_MEMBER" });
    expect(roleOf("organizationOwner")).toMatchObject({
      bindingId: null,
      role: "WORKSPACE_OWNER",
      organizationOwner: true,
    });
    expect(roleOf("organizationMember")).toBeUndefined();
    expect(roleOf("outsider")).toBeUndefined();
    expect(teams).toEqual([
      {
        type: "team",
        bindingId: expect.any(String),
        role: "WORKSPACE_OPERATOR",
        team: { id: world.teamId, name: "Data platform", memberCount: 1 },
      },
    ]);
  });

  it("is NOT_FOUND for outsiders and another organization's workspace, FORBIDDEN without a workspace role", async () => {
    const world = await buildWorld(db);
    await expect(listWorkspaceMembers(as(world, "outsider"), refOf(world))).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(
      listWorkspaceMembers(as(world, "organizationOwner"), {
        organizationId: world.organizationId,
        workspaceId: world.otherWorkspaceId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(listWorkspaceMembers(as(world, "organizationMember"), refOf(world))).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

describe("grantWorkspaceRole", () => {
  it("lets a workspace owner grant a role to an organization member, with one audit event", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      grantWorkspaceRole(as(world, "workspaceOwner"), {
        ...refOf(world),
        subject: { userId: world.bystander.id },
        role: "WORKSPACE_AUTHOR",
      }),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.result).toMatchObject({ role: "WORKSPACE_AUTHOR" });
    expect(outcome.events).toEqual([
      roleChangeEvent(
        "workspace.member.grant",
        analyticsTarget(world),
        { type: "user", id: world.bystander.id, label: world.bystander.email },
        { from: null, to: "WORKSPACE_AUTHOR" },
      ),
    ]);
    expect(await effectiveWorkspaceRole(db, bystanderActor(world), refOf(world))).toBe("WORKSPACE_AUTHOR");
  });

  it("grants to a team, which then gives its members the role", async () => {
    const world = await buildWorld(db);
    const team = await db.team.create({ data: { organizationId: world.organizationId, name: "Readers" } });
    await db.teamMembership.create({ data: { teamId: team.id, userId: world.bystander.id } });
    const outcome = await withAudit(db, [world.organizationId], () =>
      grantWorkspaceRole(as(world, "organizationOwner"), {
        ...refOf(world),
        subject: { teamId: team.id },
        role: "WORKSPACE_MEMBER",
      }),
    );
    expect(outcome.events.map((e) => e.action)).toEqual(["workspace.member.grant"]);
    expect(outcome.events[0]?.targets).toEqual([
      analyticsTarget(world),
      { type: "team", id: team.id, label: "Readers" },
    ]);
    expect(await effectiveWorkspaceRole(db, bystanderActor(world), refOf(world))).toBe("WORKSPACE_MEMBER");
  });

  it("is refused to roles below WORKSPACE_OWNER, writing nothing", async () => {
    const world = await buildWorld(db);
    for (const persona of [
      "workspaceMember",
      "workspaceOperator",
      "teamWorkspaceOperator",
      "organizationMember",
    ] as const) {
      const before = await rowCounts(db);
      const error = await grantWorkspaceRole(as(world, persona), {
        ...refOf(world),
        subject: { userId: world.bystander.id },
        role: "WORKSPACE_MEMBER",
      }).catch((e) => e);
      expect(error, persona).toBeInstanceOf(ForbiddenError);
      expect(await rowCounts(db)).toEqual(before);
    }
  });

  it("answers NOT_FOUND for users, teams and workspaces of another organization, writing nothing", async () => {
    const world = await buildWorld(db);
    const otherTeam = await db.team.create({
      data: { organizationId: world.otherOrganizationId, name: "Theirs" },
    });
    const cases: Array<[string, Parameters<typeof grantWorkspaceRole>[1]]> = [
      [
        "user of another org",
        { ...refOf(world), subject: { userId: world.users.outsider.id }, role: "WORKSPACE_OWNER" },
      ],
      [
        "team of another org",
        { ...refOf(world), subject: { teamId: otherTeam.id }, role: "WORKSPACE_OWNER" },
      ],
      ["unknown user", { ...refOf(world), subject: { userId: "nobody" }, role: "WORKSPACE_OWNER" }],
      [
        "workspace of another org",
        {
          organizationId: world.organizationId,
          workspaceId: world.otherWorkspaceId,
          subject: { userId: world.bystander.id },
          role: "WORKSPACE_OWNER",
        },
      ],
    ];
    for (const [label, input] of cases) {
      const before = await rowCounts(db);
      const error = await grantWorkspaceRole(as(world, "organizationOwner"), input).catch((e) => e);
      expect(error, label).toBeInstanceOf(NotFoundError);
      expect(await rowCounts(db), label).toEqual(before);
    }
    // The outsider cannot grant themselves anything either.
    const error = await grantWorkspaceRole(as(world, "outsider"), {
      ...refOf(world),
      subject: { userId: world.users.outsider.id },
      role: "WORKSPACE_OWNER",
    }).catch((e) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it.each([
    {
      refusal: "an unknown role",
      subject: (world: World) => ({ userId: world.bystander.id }),
      role: "WORKSPACE_ADMIN",
      refused: ValidationError,
      field: "role",
    },
    {
      refusal: "a second grant to the same subject",
      subject: (world: World) => ({ userId: world.users.workspaceMember.id }),
      role: "WORKSPACE_OPERATOR",
      refused: ConflictError,
      field: "subject",
    },
    {
      refusal: "a subject with both a userId and a teamId (exactly one is required)",
      subject: (world: World) => ({ userId: world.bystander.id, teamId: world.teamId }),
      role: "WORKSPACE_MEMBER",
      refused: ValidationError,
      field: "subject",
    },
  ])("refuses $refusal, naming the field and writing nothing", async ({ subject, role, refused, field }) => {
    const world = await buildWorld(db);
    const before = await rowCounts(db);
    const error = await grantWorkspaceRole(as(world, "workspaceOwner"), {
      ...refOf(world),
      subject: subject(world) as never,
      role: role as WorkspaceRole,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(refused);
    expect(error.field).toBe(field);
    expect(await rowCounts(db)).toEqual(before);
  });
});

describe("updateWorkspaceRole and revokeWorkspaceRole", () => {
  it("change and take away a role, recording from and to", async () => {
    const world = await buildWorld(db);
    const subject = { userId: world.users.workspaceMember.id };
    const updated = await withAudit(db, [world.organizationId], () =>
      updateWorkspaceRole(as(world, "workspaceOwner"), {
        ...refOf(world),
        subject,
        role: "WORKSPACE_OPERATOR",
      }),
    );
    expect(updated.events).toEqual([
      roleChangeEvent(
        "workspace.member.update",
        analyticsTarget(world),
        { type: "user", id: subject.userId, label: world.users.workspaceMember.email },
        { from: "WORKSPACE_MEMBER", to: "WORKSPACE_OPERATOR" },
      ),
    ]);
    expect(await effectiveWorkspaceRole(db, world.actor("workspaceMember"), refOf(world))).toBe(
      "WORKSPACE_OPERATOR",
    );

    const teamRevoked = await withAudit(db, [world.organizationId], () =>
      revokeWorkspaceRole(as(world, "workspaceOwner"), {
        ...refOf(world),
        subject: { teamId: world.teamId },
      }),
    );
    expect(teamRevoked.events).toEqual([
      roleChangeEvent(
        "workspace.member.revoke",
        analyticsTarget(world),
        { type: "team", id: world.teamId, label: "Data platform" },
        { from: "WORKSPACE_OPERATOR", to: null },
      ),
    ]);
    expect(await effectiveWorkspaceRole(db, world.actor("teamWorkspaceOperator"), refOf(world))).toBeNull();
  });

  it("answer NOT_FOUND when the subject holds no role here, and FORBIDDEN below owner", async () => {
    const world = await buildWorld(db);
    const before = await rowCounts(db);
    await expect(
      revokeWorkspaceRole(as(world, "workspaceOwner"), {
        ...refOf(world),
        subject: { userId: world.bystander.id },
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateWorkspaceRole(as(world, "workspaceOwner"), {
        organizationId: world.organizationId,
        workspaceId: world.otherWorkspaceId,
        subject: { userId: world.users.workspaceMember.id },
        role: "WORKSPACE_OWNER",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      updateWorkspaceRole(as(world, "workspaceMember"), {
        ...refOf(world),
        subject: { userId: world.users.workspaceMember.id },
        role: "WORKSPACE_OWNER",
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      revokeWorkspaceRole(as(world, "workspaceOperator"), {
        ...refOf(world),
        subject: { userId: world.users.workspaceOwner.id },
      }),
    ).rejects.toBeInstanceOf(ForbiddenError);
    expect(await rowCounts(db)).toEqual(before);
  });
});

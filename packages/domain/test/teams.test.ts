import {
  addTeamMember,
  ConflictError,
  createTeamInput,
  createTeam as createTeamOperation,
  deleteTeam,
  effectiveWorkspaceRole,
  ForbiddenError,
  listTeams,
  NotFoundError,
  removeTeamMember,
  renameTeamInput,
  renameTeam as renameTeamOperation,
  ValidationError,
} from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const createTeam = throughContract(createTeamInput, createTeamOperation);
const renameTeam = throughContract(renameTeamInput, renameTeamOperation);

import { personaDatabase, rowCounts, withAudit } from "./workspace-support.ts";

const { db, as } = await personaDatabase();

describe("createTeam and renameTeam", () => {
  it("compares names literally: `_`, `%` and `\\` are characters, not ILIKE patterns", async () => {
    const world = await buildWorld(db);
    const owner = as(world, "organizationOwner");
    const create = (name: string) => createTeam(owner, { organizationId: world.organizationId, name });
    await create("abc");
    await create("Ö×¶ä\\");
    // Neither a wildcard clash with "abc" nor with each other.
    for (const name of ["a_c", "a%", "%"]) await expect(create(name)).resolves.toMatchObject({ name });
    // A name ending in a backslash clashes with itself (in any case) as a conflict, never a 500.
    await expect(create("ö×¶Ä\\")).rejects.toBeInstanceOf(ConflictError);
    await expect(create("A_C")).rejects.toBeInstanceOf(ConflictError);
    expect(await db.team.count({ where: { organizationId: world.organizationId } })).toBe(6); // + "Data platform"
  });

  it("creates a team for organization owners, with one team.create event", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      createTeam(as(world, "organizationOwner"), {
        organizationId: world.organizationId,
        name: " Analysts ",
      }),
    );
    expect(outcome.result).toMatchObject({ name: "Analysts", organizationId: world.organizationId });
    expect(outcome.events).toEqual([
      {
        action: "team.create",
        targets: [{ type: "team", id: outcome.result?.id, label: "Analysts" }],
        metadata: { name: "Analysts", description: "" },
      },
    ]);
  });

  it("refuses duplicate names in any case, empty names and non-owners, writing nothing", async () => {
    const world = await buildWorld(db); // has team "Data platform"
    const owner = as(world, "organizationOwner");
    const attempts: Array<[() => Promise<unknown>, new (...args: never[]) => Error, string | null]> = [
      [
        () => createTeam(owner, { organizationId: world.organizationId, name: "data PLATFORM" }),
        ConflictError,
        "name",
      ],
      [
        () => createTeam(owner, { organizationId: world.organizationId, name: "  " }),
        ValidationError,
        "name",
      ],
      [
        () => createTeam(as(world, "workspaceOwner"), { organizationId: world.organizationId, name: "Ours" }),
        ForbiddenError,
        null,
      ],
      [
        () => createTeam(as(world, "outsider"), { organizationId: world.organizationId, name: "Ours" }),
        NotFoundError,
        null,
      ],
    ];
    for (const [attempt, kind, field] of attempts) {
      const before = await rowCounts(db);
      const error = (await attempt().catch((e) => e)) as { field?: string };
      expect(error).toBeInstanceOf(kind);
      if (field) expect(error.field).toBe(field);
      expect(await rowCounts(db)).toEqual(before);
    }
  });

  it("renames with a team.update event, refusing another team's name", async () => {
    const world = await buildWorld(db);
    const owner = as(world, "organizationOwner");
    const other = await createTeam(owner, { organizationId: world.organizationId, name: "SRE" });
    const outcome = await withAudit(db, [world.organizationId], () =>
      renameTeam(owner, { organizationId: world.organizationId, teamId: world.teamId, name: "Platform" }),
    );
    expect(outcome.events).toEqual([
      {
        action: "team.update",
        targets: [{ type: "team", id: world.teamId, label: "Platform" }],
        metadata: { changes: { name: { from: "Data platform", to: "Platform" } } },
      },
    ]);
    const before = await rowCounts(db);
    const clash = await renameTeam(owner, {
      organizationId: world.organizationId,
      teamId: other.id,
      name: "platform",
    }).catch((e) => e);
    expect(clash).toBeInstanceOf(ConflictError);
    expect(await rowCounts(db)).toEqual(before);
  });

  it("cannot rename or delete another organization's team", async () => {
    const world = await buildWorld(db);
    const theirs = await db.team.create({
      data: { organizationId: world.otherOrganizationId, name: "Theirs" },
    });
    const before = await rowCounts(db);
    for (const organizationId of [world.organizationId, world.otherOrganizationId]) {
      await expect(
        renameTeam(as(world, "organizationOwner"), { organizationId, teamId: theirs.id, name: "Mine" }),
      ).rejects.toBeInstanceOf(NotFoundError);
      await expect(
        deleteTeam(as(world, "organizationOwner"), { organizationId, teamId: theirs.id }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
    expect(await rowCounts(db)).toEqual(before);
    expect((await db.team.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe("Theirs");
  });
});

describe("team members", () => {
  it("adds and removes organization members, each with one audit event", async () => {
    const world = await buildWorld(db);
    const owner = as(world, "organizationOwner");
    const ref = { organizationId: world.organizationId, teamId: world.teamId };
    const added = await withAudit(db, [world.organizationId], () =>
      addTeamMember(owner, { ...ref, userId: world.bystander.id }),
    );
    expect(added.result).toMatchObject({ id: world.bystander.id, email: world.bystander.email });
    expect(added.events).toEqual([
      {
        action: "team.member.add",
        targets: [
          { type: "team", id: world.teamId, label: "Data platform" },
          { type: "user", id: world.bystander.id, label: world.bystander.email },
        ],
        metadata: {},
      },
    ]);
    // The team's workspace role now reaches the new member.
    const bystander = { type: "user" as const, userId: world.bystander.id, label: world.bystander.email };
    const workspace = { organizationId: world.organizationId, workspaceId: world.workspaceId };
    expect(await effectiveWorkspaceRole(db, bystander, workspace)).toBe("WORKSPACE_OPERATOR");

    const teams = (await listTeams(as(world, "organizationMember"), { organizationId: world.organizationId }))
      .items;
    expect(
      teams
        .find((t) => t.id === world.teamId)
        ?.members.map((m) => m.id)
        .sort(),
    ).toEqual([world.bystander.id, world.users.teamWorkspaceOperator.id].sort());

    const removed = await withAudit(db, [world.organizationId], () =>
      removeTeamMember(owner, { ...ref, userId: world.bystander.id }),
    );
    expect(removed.events.map((e) => e.action)).toEqual(["team.member.remove"]);
    expect(await effectiveWorkspaceRole(db, bystander, workspace)).toBeNull();
  });

  it("refuses users outside the organization, duplicates and non-owners, writing nothing", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, teamId: world.teamId };
    const theirs = await db.team.create({
      data: { organizationId: world.otherOrganizationId, name: "Theirs" },
    });
    const attempts: Array<[string, () => Promise<unknown>, new (...args: never[]) => Error]> = [
      [
        "user of another organization",
        () => addTeamMember(as(world, "organizationOwner"), { ...ref, userId: world.users.outsider.id }),
        NotFoundError,
      ],
      [
        "team of another organization",
        () =>
          addTeamMember(as(world, "organizationOwner"), {
            organizationId: world.organizationId,
            teamId: theirs.id,
            userId: world.bystander.id,
          }),
        NotFoundError,
      ],
      [
        "already a member",
        () =>
          addTeamMember(as(world, "organizationOwner"), {
            ...ref,
            userId: world.users.teamWorkspaceOperator.id,
          }),
        ConflictError,
      ],
      [
        "workspace owner is not an organization owner",
        () => addTeamMember(as(world, "workspaceOwner"), { ...ref, userId: world.users.workspaceOwner.id }),
        ForbiddenError,
      ],
      [
        "not in the team",
        () => removeTeamMember(as(world, "organizationOwner"), { ...ref, userId: world.bystander.id }),
        NotFoundError,
      ],
    ];
    for (const [label, attempt, kind] of attempts) {
      const before = await rowCounts(db);
      expect(await attempt().catch((e) => e), label).toBeInstanceOf(kind);
      expect(await rowCounts(db), label).toEqual(before);
    }
  });

  it("lists teams only inside the caller's organization", async () => {
    const world = await buildWorld(db);
    await expect(
      listTeams(as(world, "outsider"), { organizationId: world.organizationId }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const mine = await listTeams(as(world, "billingAdmin"), { organizationId: world.organizationId });
    expect(mine.items.map((t) => t.name)).toEqual(["Data platform"]);
  });
});

describe("deleteTeam", () => {
  it("deletes the team with its memberships and role bindings, in one team.delete event", async () => {
    const world = await buildWorld(db);
    const outcome = await withAudit(db, [world.organizationId], () =>
      deleteTeam(as(world, "organizationOwner"), {
        organizationId: world.organizationId,
        teamId: world.teamId,
      }),
    );
    expect(outcome.events).toEqual([
      {
        action: "team.delete",
        targets: [{ type: "team", id: world.teamId, label: "Data platform" }],
        metadata: { name: "Data platform", members: 1, workspaceRoles: 1, deploymentRoles: 0 },
      },
    ]);
    expect(await db.team.findUnique({ where: { id: world.teamId } })).toBeNull();
    expect(await db.workspaceRoleBinding.count({ where: { teamId: world.teamId } })).toBe(0);
    expect(
      await effectiveWorkspaceRole(db, world.actor("teamWorkspaceOperator"), {
        organizationId: world.organizationId,
        workspaceId: world.workspaceId,
      }),
    ).toBeNull();
  });
});

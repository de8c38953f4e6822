// Workspaces, workspace members, teams and deployment admins through tRPC: field-level
// errors for bad input (also over the real HTTP route), FORBIDDEN vs NOT_FOUND, and a full
// round trip whose answers pass the procedures' output schemas.
import { auditActions, buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { rowCounts } from "../../../packages/domain/test/workspace-support.ts";
import { callerAs, createTestServices, serveRoutesWith } from "./support.ts";
import { ownerToken, postOverHttp, trpcCode } from "./trpc-http.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);

/** The rows of the tables these procedures write, to assert that a refused call wrote nothing. */
const writes = () => rowCounts(db);

describe("bad input gets field-level BAD_REQUEST and writes nothing", () => {
  it("empty and over-long names, unknown roles, malformed subjects", async () => {
    const world = await buildWorld(db);
    const { organizationId, workspaceId } = world;
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const before = await writes();
    expect(await trpcCode(owner.workspace.create({ organizationId, name: "" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(owner.workspace.create({ organizationId, name: "   " }))).toBe("BAD_REQUEST");
    expect(await trpcCode(owner.workspace.create({ organizationId, name: "x".repeat(61) }))).toBe(
      "BAD_REQUEST",
    );
    expect(await trpcCode(owner.team.create({ organizationId, name: "" }))).toBe("BAD_REQUEST");
    expect(
      await trpcCode(
        owner.workspaceMember.grant({
          organizationId,
          workspaceId,
          subject: { userId: world.bystander.id },
          role: "WORKSPACE_ADMIN" as never,
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(
      await trpcCode(
        owner.workspaceMember.grant({
          organizationId,
          workspaceId,
          subject: { userId: world.bystander.id, teamId: world.teamId } as never,
          role: "WORKSPACE_MEMBER",
        }),
      ),
    ).toBe("BAD_REQUEST");
    expect(await writes()).toEqual(before);
  });

  it("over HTTP the error names the field, for zod and for domain conflicts alike", async () => {
    const world = await buildWorld(db);
    const { organizationId, workspaceId } = world;
    const token = await ownerToken(db, organizationId);
    const before = await writes();

    const empty = await postOverHttp("workspace.create", token, { organizationId, name: "  " });
    expect(empty.status).toBe(400);
    expect(empty.error?.data.field).toBe("name");
    expect(empty.error?.data.fieldErrors?.name).toEqual(["name is required"]);

    // Too long is refused with the limit and the length sent, never cut to fit and created.
    const long = await postOverHttp("workspace.create", token, { organizationId, name: "n".repeat(200) });
    expect(long.status).toBe(400);
    expect(long.error?.data.fieldErrors?.name).toEqual(["name must be at most 60 characters (got 200)"]);

    const role = await postOverHttp("workspaceMember.grant", token, {
      organizationId,
      workspaceId,
      subject: { userId: world.bystander.id },
      role: "WORKSPACE_ADMIN",
    });
    expect(role.status).toBe(400);
    expect(role.error?.data.field).toBe("role");
    expect(role.error?.data.fieldErrors?.role?.[0]).toMatch(/WORKSPACE_OWNER/);

    const duplicate = await postOverHttp("workspace.create", token, { organizationId, name: "ANALYTICS" });
    expect(duplicate.status).toBe(409);
    expect(duplicate.error?.data.field).toBe("name");
    expect(duplicate.error?.data.fieldErrors?.name?.[0]).toMatch(/already exists/);

    const duplicateTeam = await postOverHttp("team.create", token, { organizationId, name: "data platform" });
    expect(duplicateTeam.status).toBe(409);
    expect(duplicateTeam.error?.data.field).toBe("name");

    expect(await writes()).toEqual(before);
  });
});

describe("FORBIDDEN for a weak role, NOT_FOUND across tenants", () => {
  it("answers each case with the right code and writes nothing", async () => {
    const world = await buildWorld(db);
    const { organizationId, workspaceId, otherWorkspaceId, deploymentId } = world;
    const as = (persona: Parameters<typeof world.actor>[0]) => callerAs(services, world.actor(persona));
    const grant = {
      organizationId,
      workspaceId,
      subject: { userId: world.bystander.id },
      role: "WORKSPACE_MEMBER" as const,
    };
    const otherTeam = await db.team.create({
      data: { organizationId: world.otherOrganizationId, name: "Theirs" },
    });
    const before = await writes();

    const cases: Array<[string, () => Promise<unknown>, string]> = [
      [
        "member creates a workspace",
        async () => (await as("organizationMember")).workspace.create({ organizationId, name: "New" }),
        "FORBIDDEN",
      ],
      [
        "workspace member grants",
        async () => (await as("workspaceMember")).workspaceMember.grant(grant),
        "FORBIDDEN",
      ],
      [
        "operator renames",
        async () =>
          (await as("workspaceOperator")).workspace.update({ organizationId, workspaceId, name: "X" }),
        "FORBIDDEN",
      ],
      [
        "author deletes",
        async () => (await as("workspaceAuthor")).workspace.delete({ organizationId, workspaceId }),
        "FORBIDDEN",
      ],
      [
        "member manages teams",
        async () => (await as("organizationMember")).team.create({ organizationId, name: "Mine" }),
        "FORBIDDEN",
      ],
      [
        "deployment admin grants admins",
        async () =>
          (await as("deploymentAdmin")).deploymentMember.grant({
            organizationId,
            deploymentId,
            subject: { userId: world.bystander.id },
          }),
        "FORBIDDEN",
      ],
      [
        "outsider lists workspaces",
        async () => (await as("outsider")).workspace.list({ organizationId }),
        "NOT_FOUND",
      ],
      ["outsider grants", async () => (await as("outsider")).workspaceMember.grant(grant), "NOT_FOUND"],
      [
        "owner reads another org's workspace",
        async () =>
          (await as("organizationOwner")).workspace.get({ organizationId, workspaceId: otherWorkspaceId }),
        "NOT_FOUND",
      ],
      [
        "owner deletes another org's workspace",
        async () =>
          (await as("organizationOwner")).workspace.delete({ organizationId, workspaceId: otherWorkspaceId }),
        "NOT_FOUND",
      ],
      [
        "owner grants to another org's user",
        async () =>
          (await as("organizationOwner")).workspaceMember.grant({
            ...grant,
            subject: { userId: world.users.outsider.id },
          }),
        "NOT_FOUND",
      ],
      [
        "owner grants to another org's team",
        async () =>
          (await as("organizationOwner")).workspaceMember.grant({
            ...grant,
            subject: { teamId: otherTeam.id },
          }),
        "NOT_FOUND",
      ],
      [
        "owner adds another org's user to a team",
        async () =>
          (await as("organizationOwner")).team.addMember({
            organizationId,
            teamId: world.teamId,
            userId: world.users.outsider.id,
          }),
        "NOT_FOUND",
      ],
      [
        "owner renames another org's team",
        async () =>
          (await as("organizationOwner")).team.rename({ organizationId, teamId: otherTeam.id, name: "Mine" }),
        "NOT_FOUND",
      ],
    ];
    for (const [label, call, code] of cases) expect(await trpcCode(call()), label).toBe(code);
    expect(await writes()).toEqual(before);
  });
});

describe("a round trip through every procedure", () => {
  it("creates, lists, grants, renames and deletes with outputs that pass their schemas", async () => {
    const world = await buildWorld(db);
    const { organizationId } = world;
    const owner = await callerAs(services, world.actor("organizationOwner"));
    const auditBefore = await db.auditEvent.count({ where: { organizationId } });

    const created = await owner.workspace.create({ organizationId, name: "Finance", description: "Ledgers" });
    const workspaceId = created.id;
    expect((await owner.workspace.list({ organizationId })).items.map((w) => w.name)).toEqual([
      "Analytics",
      "Finance",
    ]);
    expect(await owner.workspace.get({ organizationId, workspaceId })).toMatchObject({
      name: "Finance",
      role: "WORKSPACE_OWNER",
      deploymentCount: 0,
      can: { update: true, delete: true, manageMembers: true },
    });

    const team = await owner.team.create({ organizationId, name: "Controllers" });
    await owner.team.addMember({ organizationId, teamId: team.id, userId: world.bystander.id });
    await owner.team.rename({ organizationId, teamId: team.id, name: "Financial controllers" });
    await owner.workspaceMember.grant({
      organizationId,
      workspaceId,
      subject: { teamId: team.id },
      role: "WORKSPACE_AUTHOR",
    });
    await owner.workspaceMember.grant({
      organizationId,
      workspaceId,
      subject: { userId: world.users.organizationMember.id },
      role: "WORKSPACE_MEMBER",
    });
    await owner.workspaceMember.update({
      organizationId,
      workspaceId,
      subject: { userId: world.users.organizationMember.id },
      role: "WORKSPACE_OPERATOR",
    });

    const bystander = await callerAs(services, {
      type: "user",
      userId: world.bystander.id,
      label: world.bystander.email,
    });
    expect((await bystander.workspace.list({ organizationId })).items).toEqual([
      expect.objectContaining({ id: workspaceId, role: "WORKSPACE_AUTHOR" }),
    ]);
    const members = (await bystander.workspaceMember.list({ organizationId, workspaceId })).items;
    expect(members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: "team", role: "WORKSPACE_AUTHOR" }),
        expect.objectContaining({ type: "user", role: "WORKSPACE_OPERATOR" }),
        expect.objectContaining({ type: "user", bindingId: null, organizationOwner: true }),
      ]),
    );
    expect((await owner.team.list({ organizationId })).items.find((t) => t.id === team.id)).toMatchObject({
      name: "Financial controllers",
      members: [{ id: world.bystander.id }],
    });

    await owner.deploymentMember.grant({
      organizationId,
      deploymentId: world.deploymentId,
      subject: { userId: world.bystander.id },
    });
    expect(
      (await owner.deploymentMember.list({ organizationId, deploymentId: world.deploymentId })).items,
    ).toHaveLength(2);
    await owner.deploymentMember.revoke({
      organizationId,
      deploymentId: world.deploymentId,
      subject: { userId: world.bystander.id },
    });

    await owner.workspaceMember.revoke({ organizationId, workspaceId, subject: { teamId: team.id } });
    await owner.team.removeMember({ organizationId, teamId: team.id, userId: world.bystander.id });
    await owner.team.delete({ organizationId, teamId: team.id });
    await owner.workspace.update({ organizationId, workspaceId, name: "Finance EU" });
    await owner.workspace.delete({ organizationId, workspaceId });
    expect((await owner.workspace.list({ organizationId })).items.map((w) => w.name)).toEqual(["Analytics"]);

    expect(await auditActions(db, { organizationId }, auditBefore)).toEqual([
      "workspace.create",
      "team.create",
      "team.member.add",
      "team.update",
      "workspace.member.grant",
      "workspace.member.grant",
      "workspace.member.update",
      "deployment.member.grant",
      "deployment.member.revoke",
      "workspace.member.revoke",
      "team.member.remove",
      "team.delete",
      "workspace.update",
      "workspace.delete",
    ]);
  });
});

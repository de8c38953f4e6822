import {
  authorize,
  ConflictError,
  ForbiddenError,
  grantDeploymentAdmin,
  listDeploymentAdmins,
  NotFoundError,
  revokeDeploymentAdmin,
} from "@skyport/domain";
import { buildWorld } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { personaDatabase, roleChangeEvent, rowCounts, withAudit } from "./workspace-support.ts";

const { db, as } = await personaDatabase();

describe("deployment admins", () => {
  it("a workspace owner grants and revokes DEPLOYMENT_ADMIN, one audit event each", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const bystander = { type: "user" as const, userId: world.bystander.id, label: world.bystander.email };
    const etl = { type: "deployment", id: world.deploymentId, label: "etl" };
    const bystanderUser = { type: "user", id: world.bystander.id, label: world.bystander.email };
    await expect(authorize(db, bystander, "deployment.update", ref)).rejects.toBeInstanceOf(ForbiddenError);

    const granted = await withAudit(db, [world.organizationId], () =>
      grantDeploymentAdmin(as(world, "workspaceOwner"), { ...ref, subject: { userId: world.bystander.id } }),
    );
    expect(granted.events).toEqual([
      roleChangeEvent("deployment.member.grant", etl, bystanderUser, { from: null, to: "DEPLOYMENT_ADMIN" }),
    ]);
    await expect(authorize(db, bystander, "deployment.update", ref)).resolves.toMatchObject({
      deploymentRole: "DEPLOYMENT_ADMIN",
    });

    const teamGrant = await withAudit(db, [world.organizationId], () =>
      grantDeploymentAdmin(as(world, "organizationOwner"), { ...ref, subject: { teamId: world.teamId } }),
    );
    expect(teamGrant.events.map((e) => e.action)).toEqual(["deployment.member.grant"]);

    const admins = (await listDeploymentAdmins(as(world, "deploymentAdmin"), ref)).items;
    expect(admins.map((a) => (a.type === "user" ? a.user.id : a.team.id)).sort()).toEqual(
      [world.users.deploymentAdmin.id, world.bystander.id, world.teamId].sort(),
    );

    const revoked = await withAudit(db, [world.organizationId], () =>
      revokeDeploymentAdmin(as(world, "workspaceOwner"), { ...ref, subject: { userId: world.bystander.id } }),
    );
    expect(revoked.events).toEqual([
      roleChangeEvent("deployment.member.revoke", etl, bystanderUser, { from: "DEPLOYMENT_ADMIN", to: null }),
    ]);
    await expect(authorize(db, bystander, "deployment.update", ref)).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("is refused below WORKSPACE_OWNER (even to the deployment's own admin), writing nothing", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    for (const persona of ["workspaceOperator", "deploymentAdmin", "organizationMember"] as const) {
      const before = await rowCounts(db);
      const error = await grantDeploymentAdmin(as(world, persona), {
        ...ref,
        subject: { userId: world.bystander.id },
      }).catch((e) => e);
      expect(error, persona).toBeInstanceOf(ForbiddenError);
      expect(await rowCounts(db)).toEqual(before);
    }
  });

  it("answers NOT_FOUND across tenants and conflicts on a second grant, writing nothing", async () => {
    const world = await buildWorld(db);
    const ref = { organizationId: world.organizationId, deploymentId: world.deploymentId };
    const theirTeam = await db.team.create({
      data: { organizationId: world.otherOrganizationId, name: "Theirs" },
    });
    const theirDeployment = await db.deployment.create({
      data: {
        organizationId: world.otherOrganizationId,
        workspaceId: world.otherWorkspaceId,
        name: "their-etl",
        spec: {},
        namespace: `skyport-other-${world.otherWorkspaceId.slice(-8)}`,
      },
    });
    const owner = as(world, "organizationOwner");
    const attempts: Array<[string, () => Promise<unknown>, new (...args: never[]) => Error]> = [
      [
        "user of another org",
        () => grantDeploymentAdmin(owner, { ...ref, subject: { userId: world.users.outsider.id } }),
        NotFoundError,
      ],
      [
        "team of another org",
        () => grantDeploymentAdmin(owner, { ...ref, subject: { teamId: theirTeam.id } }),
        NotFoundError,
      ],
      [
        "deployment of another org",
        () =>
          grantDeploymentAdmin(owner, {
            organizationId: world.organizationId,
            deploymentId: theirDeployment.id,
            subject: { userId: world.bystander.id },
          }),
        NotFoundError,
      ],
      [
        "outsider",
        () =>
          grantDeploymentAdmin(as(world, "outsider"), {
            ...ref,
            subject: { userId: world.users.outsider.id },
          }),
        NotFoundError,
      ],
      [
        "already admin",
        () => grantDeploymentAdmin(owner, { ...ref, subject: { userId: world.users.deploymentAdmin.id } }),
        ConflictError,
      ],
      [
        "not an admin",
        () => revokeDeploymentAdmin(owner, { ...ref, subject: { userId: world.bystander.id } }),
        NotFoundError,
      ],
    ];
    for (const [label, attempt, kind] of attempts) {
      const before = await rowCounts(db);
      expect(await attempt().catch((e) => e), label).toBeInstanceOf(kind);
      expect(await rowCounts(db), label).toEqual(before);
    }
    await expect(listDeploymentAdmins(as(world, "outsider"), ref)).rejects.toBeInstanceOf(NotFoundError);
    await expect(listDeploymentAdmins(as(world, "organizationMember"), ref)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
  });
});

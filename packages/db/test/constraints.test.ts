import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db } = await createTestDatabase();

describe("schema constraints", () => {
  it("a workspace role binding names exactly one subject", async () => {
    const org = await db.organization.create({ data: { name: "Acme", slug: "acme" } });
    const user = await db.user.create({ data: { email: "ada@acme.test", name: "Ada" } });
    const team = await db.team.create({ data: { organizationId: org.id, name: "Data" } });
    const ws = await db.workspace.create({ data: { organizationId: org.id, name: "Analytics" } });
    await expect(
      db.workspaceRoleBinding.create({
        data: { organizationId: org.id, workspaceId: ws.id, role: "WORKSPACE_MEMBER" },
      }),
    ).rejects.toThrow();
    await expect(
      db.workspaceRoleBinding.create({
        data: {
          organizationId: org.id,
          workspaceId: ws.id,
          role: "WORKSPACE_MEMBER",
          userId: user.id,
          teamId: team.id,
        },
      }),
    ).rejects.toThrow();
    const binding = await db.workspaceRoleBinding.create({
      data: { organizationId: org.id, workspaceId: ws.id, role: "WORKSPACE_AUTHOR", userId: user.id },
    });
    expect(binding.role).toBe("WORKSPACE_AUTHOR");
  });

  it("emails are stored lower-cased, and workspace names are unique per organization", async () => {
    await expect(db.user.create({ data: { email: "Mixed@Case.test", name: "M" } })).rejects.toThrow();
    const org = await db.organization.create({ data: { name: "Beta", slug: "beta" } });
    await db.workspace.create({ data: { organizationId: org.id, name: "Prod" } });
    await expect(db.workspace.create({ data: { organizationId: org.id, name: "Prod" } })).rejects.toThrow();
  });

  it("deleting an organization's workspace is refused while it still has deployments", async () => {
    const org = await db.organization.create({ data: { name: "Gamma", slug: "gamma" } });
    const ws = await db.workspace.create({ data: { organizationId: org.id, name: "Main" } });
    await db.deployment.create({
      data: {
        organizationId: org.id,
        workspaceId: ws.id,
        name: "etl",
        spec: {},
        namespace: "skyport-abc123",
      },
    });
    await expect(db.workspace.delete({ where: { id: ws.id } })).rejects.toThrow();
  });
});

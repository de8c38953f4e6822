import { type Action, authorize, ForbiddenError, NotFoundError, PERMISSIONS } from "@skyport/domain";
import { type Persona, worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db, world } = await worldOnTestDatabase();

function targetFor(action: Action) {
  switch (PERMISSIONS[action].scope) {
    case "organization":
      return { organizationId: world.organizationId };
    case "workspace":
      return { organizationId: world.organizationId, workspaceId: world.workspaceId };
    case "deployment":
      return { organizationId: world.organizationId, deploymentId: world.deploymentId };
  }
}

async function outcome(persona: Persona, action: Action): Promise<"allowed" | "forbidden" | "not found"> {
  try {
    await authorize(db, world.actor(persona), action, targetFor(action));
    return "allowed";
  } catch (error) {
    if (error instanceof ForbiddenError) return "forbidden";
    if (error instanceof NotFoundError) return "not found";
    throw error;
  }
}

// Written out by hand from the product rules (not derived from the table), so a wrong
// entry in PERMISSIONS or a wrong role resolution fails here.
const EXPECTED: Record<string, Partial<Record<Persona, "allowed" | "forbidden">>> = {
  "workspace.create": {
    organizationOwner: "allowed",
    billingAdmin: "forbidden",
    workspaceOwner: "forbidden",
  },
  "workspace.read": {
    organizationOwner: "allowed",
    workspaceMember: "allowed",
    organizationMember: "forbidden",
    deploymentAdmin: "forbidden",
  },
  "workspace.member.manage": {
    organizationOwner: "allowed",
    workspaceOwner: "allowed",
    workspaceOperator: "forbidden",
  },
  "deployment.create": {
    workspaceOperator: "allowed",
    teamWorkspaceOperator: "allowed",
    workspaceAuthor: "forbidden",
    workspaceMember: "forbidden",
    deploymentAdmin: "forbidden",
  },
  "deployment.update": {
    deploymentAdmin: "allowed",
    workspaceOperator: "allowed",
    workspaceAuthor: "forbidden",
    organizationMember: "forbidden",
  },
  "deployment.read": {
    deploymentAdmin: "allowed",
    workspaceMember: "allowed",
    organizationMember: "forbidden",
  },
  "audit.read": { organizationOwner: "allowed", billingAdmin: "forbidden", workspaceOwner: "forbidden" },
  "organization.read": { billingAdmin: "allowed", organizationMember: "allowed", workspaceMember: "allowed" },
  "organization.member.invite": { organizationOwner: "allowed", billingAdmin: "forbidden" },
};

describe("authorize()", () => {
  for (const [action, expectations] of Object.entries(EXPECTED)) {
    for (const [persona, expected] of Object.entries(expectations)) {
      it(`${persona} → ${action}: ${expected}`, async () => {
        expect(await outcome(persona as Persona, action as Action)).toBe(expected);
      });
    }
  }

  it("answers NOT_FOUND to a member of another organization for every action", async () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(await outcome("outsider", action), action).toBe("not found");
    }
  });

  it("answers NOT_FOUND for a workspace or deployment id of another organization, even to an owner", async () => {
    const owner = world.actor("organizationOwner");
    await expect(
      authorize(db, owner, "workspace.read", {
        organizationId: world.organizationId,
        workspaceId: world.otherWorkspaceId,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      authorize(db, owner, "workspace.read", {
        organizationId: world.organizationId,
        workspaceId: "does-not-exist",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it("the organization owner is allowed everything in their organization", async () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(await outcome("organizationOwner", action), action).toBe("allowed");
    }
  });

  it("confines API tokens to their scope and role", async () => {
    const workspaceToken = {
      type: "apiToken" as const,
      tokenId: "t1",
      label: "token",
      organizationId: world.organizationId,
      scope: "WORKSPACE" as const,
      workspaceId: world.workspaceId,
      deploymentId: null,
      role: "WORKSPACE_OPERATOR",
      createdById: null,
    };
    await expect(
      authorize(db, workspaceToken, "deployment.create", targetFor("deployment.create")),
    ).resolves.toBeTruthy();
    await expect(
      authorize(db, workspaceToken, "workspace.create", targetFor("workspace.create")),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      authorize(
        db,
        { ...workspaceToken, organizationId: world.otherOrganizationId },
        "deployment.create",
        targetFor("deployment.create"),
      ),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      authorize(db, workspaceToken, "organization.leave", targetFor("organization.leave")),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

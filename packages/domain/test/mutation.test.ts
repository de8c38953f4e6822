// The one authorized-mutation primitive: mutate() authorizes inside its transaction before the
// change (and so before any validation) runs, writes exactly one audit event, and the package
// barrel offers no way to write or audit without it.
import * as domain from "@skyport/domain";
import { ForbiddenError, NotFoundError, ValidationError } from "@skyport/domain";
import { worldOnTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";
import { mutate } from "../src/shared/mutation.ts";
import { contextFor, withAudit } from "./workspace-support.ts";

const { db, world } = await worldOnTestDatabase();

describe("mutate", () => {
  it("refuses a caller without the permission before the change sees the input", async () => {
    let changeRan = false;
    const outcome = await withAudit(db, [world.organizationId], () =>
      mutate(
        contextFor(db, world.actor("workspaceMember")),
        {
          permission: "workspace.update",
          resource: { organizationId: world.organizationId, workspaceId: world.workspaceId },
        },
        async () => {
          changeRan = true;
          throw new ValidationError("name", "name is required");
        },
      ),
    );
    expect(outcome.error).toBeInstanceOf(ForbiddenError);
    expect(changeRan).toBe(false);
    expect(outcome.events).toEqual([]);
  });

  it("answers another tenant NOT_FOUND and writes nothing", async () => {
    const outcome = await withAudit(db, [world.organizationId, world.otherOrganizationId], () =>
      mutate(
        contextFor(db, world.actor("outsider")),
        { permission: "team.manage", resource: { organizationId: world.organizationId } },
        async (tx) => {
          const team = await tx.team.create({
            data: { organizationId: world.organizationId, name: "Never" },
          });
          return { result: team, audit: { action: "team.create", targets: [] } };
        },
      ),
    );
    expect(outcome.error).toBeInstanceOf(NotFoundError);
    expect(outcome.events).toEqual([]);
    expect(await db.team.count({ where: { name: "Never" } })).toBe(0);
  });

  it("writes the change and exactly one audit event in the resource's organization", async () => {
    const outcome = await withAudit(db, [world.organizationId, world.otherOrganizationId], () =>
      mutate(
        contextFor(db, world.actor("organizationOwner")),
        { permission: "team.manage", resource: { organizationId: world.organizationId } },
        async (tx, access) => {
          expect(access.organizationRole).toBe("ORGANIZATION_OWNER");
          const team = await tx.team.create({ data: { organizationId: world.organizationId, name: "Once" } });
          return {
            result: team,
            audit: { action: "team.create", targets: [{ type: "team", id: team.id, label: team.name }] },
          };
        },
      ),
    );
    expect(outcome.error).toBeUndefined();
    expect(outcome.events).toEqual([
      {
        action: "team.create",
        targets: [{ type: "team", id: outcome.result?.id, label: "Once" }],
        metadata: {},
      },
    ]);
  });
});

describe("the package barrel", () => {
  it("exports no way to write or audit without authorizing", () => {
    const exported = Object.keys(domain);
    for (const internal of [
      "mutate",
      "mutateWithoutRole",
      "auditWithoutRole",
      "recordAuditEvent",
      "insertOrganization",
      "insertUserWithPassword",
      "assertOrganizationNameFree",
      "lockNamesOf",
    ]) {
      expect(exported, internal).not.toContain(internal);
    }
  });
});

import { randomBytes } from "node:crypto";
import {
  applyClerkWebhook,
  EMPTY_CONTEXT,
  organizationRoleFromClerk,
  ValidationError,
} from "@skyport/domain";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db } = await createTestDatabase();

const id = (prefix: string) => `${prefix}_${randomBytes(6).toString("hex")}`;

function apply(type: string, data: unknown) {
  return applyClerkWebhook(db, { svixId: id("msg"), payload: { type, data }, context: EMPTY_CONTEXT });
}

function membership(org: { id: string; name: string }, user: { id: string; email: string }, role: string) {
  return {
    id: id("orgmem"),
    role,
    organization: { ...org, slug: null },
    public_user_data: { user_id: user.id, identifier: user.email, first_name: null, last_name: null },
  };
}

describe("Clerk role mapping", () => {
  it("maps admins to owners, billing roles to billing admins and everything else to members", () => {
    expect(organizationRoleFromClerk("org:admin")).toBe("ORGANIZATION_OWNER");
    expect(organizationRoleFromClerk("org:billing_admin")).toBe("ORGANIZATION_BILLING_ADMIN");
    expect(organizationRoleFromClerk("org:billing")).toBe("ORGANIZATION_BILLING_ADMIN");
    expect(organizationRoleFromClerk("org:member")).toBe("ORGANIZATION_MEMBER");
    expect(organizationRoleFromClerk("admin")).toBe("ORGANIZATION_MEMBER");
  });
});

describe("applyClerkWebhook", () => {
  it("keeps one owner when both owners are removed at the same moment", async () => {
    // Several organizations at once, so the two removals really do overlap in some of them.
    const races = await Promise.all(
      Array.from({ length: 8 }, async (_, n) => {
        const org = { id: id("org"), name: `Race Org ${n}` };
        const owners = [0, 1].map((k) => ({ id: id("user"), email: `owner${k}-${id("x")}@example.com` }));
        for (const owner of owners)
          await apply("organizationMembership.created", membership(org, owner, "org:admin"));
        return { org, owners };
      }),
    );
    await Promise.all(
      races.flatMap(({ org, owners }) =>
        owners.map((owner) => apply("organizationMembership.deleted", membership(org, owner, "org:admin"))),
      ),
    );
    for (const { org } of races) {
      const organization = await db.organization.findUniqueOrThrow({
        where: { clerkOrganizationId: org.id },
      });
      expect(await db.organizationMembership.count({ where: { organizationId: organization.id } })).toBe(1);
      const actions = (
        await db.auditEvent.findMany({
          where: { organizationId: organization.id },
          orderBy: { sequence: "asc" },
        })
      ).map((e) => e.action);
      expect(actions.slice(-2).sort()).toEqual([
        "organization.member.remove",
        "organization.member.remove.refused",
      ]);
    }
  });

  it("names the field of a malformed payload and writes nothing", async () => {
    const deliveries = await db.webhookDelivery.count();
    const error = await apply("organizationMembership.created", { id: "orgmem_1", role: "org:admin" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe("data.organization");
    expect(await db.webhookDelivery.count()).toBe(deliveries);
  });
});

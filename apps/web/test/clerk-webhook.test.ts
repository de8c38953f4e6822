// The Clerk webhook end to end: real Svix signatures computed from a test signing secret,
// the exported POST route handler, and real PostgreSQL.
import { createHmac, randomBytes } from "node:crypto";
import { verifyAuditChain } from "@skyport/domain";
import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { POST } from "../app/api/webhooks/clerk/route.ts";
import { createTestServices, serveRoutesWith } from "./support.ts";

const SIGNING_SECRET = `whsec_${randomBytes(32).toString("base64")}`;
const clerkEnv = {
  CLERK_SECRET_KEY: "sk_test_skyportwebhooktest0123456789",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from("clerk.skyport.test$").toString("base64")}`,
  CLERK_WEBHOOK_SIGNING_SECRET: SIGNING_SECRET,
};
const services = await createTestServices(clerkEnv);
serveRoutesWith(services);
const { db } = services;

// --- Clerk payloads (the fields of UserJSON, OrganizationJSON, OrganizationMembershipJSON) ---

let nextId = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}${(nextId++).toString(36)}`;

function clerkUser(
  id: string,
  email: string,
  first: string | null = "Ada",
  last: string | null = "Lovelace",
) {
  return {
    object: "user",
    id,
    first_name: first,
    last_name: last,
    image_url: "https://img.clerk.com/default",
    has_image: false,
    primary_email_address_id: "idn_primary",
    email_addresses: [
      { id: "idn_other", object: "email_address", email_address: "other@example.com", verification: null },
      {
        id: "idn_primary",
        object: "email_address",
        email_address: email,
        verification: { status: "verified", strategy: "email_code" },
      },
    ],
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  };
}

function clerkOrganization(id: string, name: string, slug: string | null) {
  return {
    object: "organization",
    id,
    name,
    slug,
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  };
}

function clerkMembership(
  org: ReturnType<typeof clerkOrganization>,
  user: { id: string; email: string },
  role: string,
) {
  return {
    object: "organization_membership",
    id: `orgmem_${org.id}_${user.id}`,
    role,
    permissions: [],
    organization: org,
    public_user_data: {
      user_id: user.id,
      identifier: user.email,
      first_name: "Grace",
      last_name: "Hopper",
      image_url: "",
      has_image: false,
    },
    created_at: 1_700_000_000_000,
    updated_at: 1_700_000_000_000,
  };
}

function event(type: string, data: unknown) {
  return { type, object: "event", data, timestamp: Date.now(), instance_id: "ins_test" };
}

// --- Deliveries -----------------------------------------------------------------------------

interface DeliveryOptions {
  svixId?: string;
  timestamp?: Date;
  secret?: string;
  /** Sign this body but send `body` (an altered delivery). */
  signedBody?: string;
  omitHeader?: "svix-id" | "svix-timestamp" | "svix-signature";
  signature?: string;
}

function deliveryRequest(body: string, options: DeliveryOptions = {}) {
  const svixId = options.svixId ?? uid("msg");
  const timestamp = options.timestamp ?? new Date();
  const signature =
    options.signature ??
    new Webhook(options.secret ?? SIGNING_SECRET).sign(svixId, timestamp, options.signedBody ?? body);
  const headers = new Headers({
    "content-type": "application/json",
    "user-agent": "Svix-Webhooks/1.0",
    "x-forwarded-for": "198.51.100.4",
    "svix-id": svixId,
    "svix-timestamp": String(Math.floor(timestamp.getTime() / 1000)),
    "svix-signature": signature,
  });
  if (options.omitHeader) headers.delete(options.omitHeader);
  return new Request("http://localhost:3000/api/webhooks/clerk", { method: "POST", headers, body });
}

async function deliver(payload: unknown, options: DeliveryOptions = {}) {
  const response = await POST(deliveryRequest(JSON.stringify(payload), options), undefined);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function counts() {
  const [users, organizations, memberships, auditEvents, deliveries] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.organizationMembership.count(),
    db.auditEvent.count(),
    db.webhookDelivery.count(),
  ]);
  return { users, organizations, memberships, auditEvents, deliveries };
}

async function auditOf(organizationId: string) {
  return db.auditEvent.findMany({ where: { organizationId }, orderBy: { sequence: "asc" } });
}

/** A Clerk user, organization and owner membership, mirrored through the webhook. */
/** A console session of the user, valid for an hour (what a deleted Clerk user must lose). */
async function openSession(userId: string) {
  await db.session.create({
    data: { userId, token: randomBytes(16).toString("hex"), expiresAt: new Date(Date.now() + 3_600_000) },
  });
}

async function mirroredOrganization(name = "Acme Data") {
  const owner = { id: uid("user"), email: `${uid("owner")}@example.com` };
  const org = clerkOrganization(uid("org"), name, null);
  expect((await deliver(event("user.created", clerkUser(owner.id, owner.email)))).status).toBe(200);
  expect((await deliver(event("organization.created", org))).status).toBe(200);
  expect(
    (await deliver(event("organizationMembership.created", clerkMembership(org, owner, "org:admin")))).status,
  ).toBe(200);
  const organization = await db.organization.findUniqueOrThrow({ where: { clerkOrganizationId: org.id } });
  const ownerUser = await db.user.findUniqueOrThrow({ where: { clerkUserId: owner.id } });
  return { org, organization, owner, ownerUser };
}

async function addMember(org: ReturnType<typeof clerkOrganization>, role = "org:member") {
  const member = { id: uid("user"), email: `${uid("member")}@example.com` };
  expect(
    (await deliver(event("user.created", clerkUser(member.id, member.email, "Grace", "Hopper")))).status,
  ).toBe(200);
  expect(
    (await deliver(event("organizationMembership.created", clerkMembership(org, member, role)))).status,
  ).toBe(200);
  return { member, memberUser: await db.user.findUniqueOrThrow({ where: { clerkUserId: member.id } }) };
}

// --- Tests ----------------------------------------------------------------------------------

describe("POST /api/webhooks/clerk: mirroring", () => {
  it("mirrors a user, an organization and an owner membership, each audited as the Clerk webhook", async () => {
    const clerkUserId = uid("user");
    const clerkOrgId = uid("org");
    const user = await deliver(event("user.created", clerkUser(clerkUserId, "Ada.Lovelace@Example.COM")));
    expect(user).toEqual({
      status: 200,
      body: { status: "processed", eventType: "user.created", auditEvents: 0 },
    });
    const row = await db.user.findUniqueOrThrow({ where: { clerkUserId } });
    // The primary address (not the first listed), lower-cased; name from first and last name.
    expect(row).toMatchObject({
      email: "ada.lovelace@example.com",
      name: "Ada Lovelace",
      emailVerified: true,
    });

    const orgSvixId = uid("msg");
    const org = clerkOrganization(clerkOrgId, "Lovelace Analytics", "lovelace-analytics");
    expect((await deliver(event("organization.created", org), { svixId: orgSvixId })).status).toBe(200);
    const organization = await db.organization.findUniqueOrThrow({
      where: { clerkOrganizationId: clerkOrgId },
    });
    expect(organization).toMatchObject({ name: "Lovelace Analytics", slug: "lovelace-analytics" });

    const membership = await deliver(
      event(
        "organizationMembership.created",
        clerkMembership(org, { id: clerkUserId, email: row.email }, "org:admin"),
      ),
    );
    expect(membership.body).toMatchObject({ status: "processed", auditEvents: 1 });
    expect(
      await db.organizationMembership.findUniqueOrThrow({
        where: { organizationId_userId: { organizationId: organization.id, userId: row.id } },
      }),
    ).toMatchObject({ role: "ORGANIZATION_OWNER" });

    const events = await auditOf(organization.id);
    expect(events.map((e) => e.action)).toEqual(["organization.create", "organization.member.add"]);
    expect(events[0]).toMatchObject({
      actorType: "SYSTEM",
      actorId: "system",
      actorLabel: "Clerk webhook",
      context: { ip: "198.51.100.4", userAgent: "Svix-Webhooks/1.0", requestId: expect.any(String) },
      metadata: { svixId: orgSvixId, eventType: "organization.created", slug: "lovelace-analytics" },
    });
    expect(events[1]?.metadata).toMatchObject({
      eventType: "organizationMembership.created",
      role: "ORGANIZATION_OWNER",
      clerkRole: "org:admin",
    });
    expect(events[1]?.targets).toEqual([
      { type: "organization", id: organization.id, label: "Lovelace Analytics" },
      { type: "user", id: row.id, label: "ada.lovelace@example.com" },
    ]);
    expect((await verifyAuditChain(db, organization.id)).ok).toBe(true);
    expect(await db.webhookDelivery.findUnique({ where: { id: orgSvixId } })).toMatchObject({
      source: "clerk",
      eventType: "organization.created",
    });
  });

  it("maps Clerk roles: billing roles to billing admin, anything else to member", async () => {
    const { org, organization } = await mirroredOrganization();
    const roles: Record<string, string> = {};
    for (const clerkRole of ["org:billing_admin", "org:billing", "org:member", "org:viewer"]) {
      const { memberUser } = await addMember(org, clerkRole);
      const membership = await db.organizationMembership.findUniqueOrThrow({
        where: { organizationId_userId: { organizationId: organization.id, userId: memberUser.id } },
      });
      roles[clerkRole] = membership.role;
    }
    expect(roles).toEqual({
      "org:billing_admin": "ORGANIZATION_BILLING_ADMIN",
      "org:billing": "ORGANIZATION_BILLING_ADMIN",
      "org:member": "ORGANIZATION_MEMBER",
      "org:viewer": "ORGANIZATION_MEMBER",
    });
  });

  it("applies updates to users, organizations and roles, auditing each affected organization", async () => {
    const first = await mirroredOrganization("First Org");
    const second = clerkOrganization(uid("org"), "Second Org", null);
    await deliver(event("organization.created", second));
    await deliver(
      event("organizationMembership.created", clerkMembership(second, first.owner, "org:member")),
    );
    const secondOrg = await db.organization.findUniqueOrThrow({ where: { clerkOrganizationId: second.id } });

    // The user's new email and name reach the row, and both organizations' logs.
    const renamed = await deliver(
      event("user.updated", clerkUser(first.owner.id, "Ada@Analytical.Engine", "Augusta Ada", "King")),
    );
    expect(renamed.body).toMatchObject({ status: "processed", auditEvents: 2 });
    expect(await db.user.findUniqueOrThrow({ where: { id: first.ownerUser.id } })).toMatchObject({
      email: "ada@analytical.engine",
      name: "Augusta Ada King",
    });
    for (const organizationId of [first.organization.id, secondOrg.id]) {
      const last = (await auditOf(organizationId)).at(-1);
      expect(last).toMatchObject({
        action: "user.update",
        metadata: {
          eventType: "user.updated",
          changed: ["email", "name"],
          email: { from: first.owner.email, to: "ada@analytical.engine" },
        },
      });
    }
    // The same profile again changes nothing and records nothing.
    const again = await deliver(
      event("user.updated", clerkUser(first.owner.id, "ada@analytical.engine", "Augusta Ada", "King")),
    );
    expect(again.body).toMatchObject({ status: "processed", auditEvents: 0 });

    // A user without first or last name is called by their email.
    const { member } = await addMember(first.org);
    await deliver(event("user.updated", clerkUser(member.id, member.email, null, null)));
    expect((await db.user.findUniqueOrThrow({ where: { clerkUserId: member.id } })).name).toBe(member.email);

    // Organization rename and new slug.
    const renamedOrg = await deliver(
      event("organization.updated", { ...first.org, name: "First Org Ltd", slug: "first-ltd" }),
    );
    expect(renamedOrg.body).toMatchObject({ auditEvents: 1 });
    expect(await db.organization.findUniqueOrThrow({ where: { id: first.organization.id } })).toMatchObject({
      name: "First Org Ltd",
      slug: "first-ltd",
    });
    expect((await auditOf(first.organization.id)).at(-1)).toMatchObject({
      action: "organization.update",
      metadata: { name: { from: "First Org", to: "First Org Ltd" }, slug: { to: "first-ltd" } },
    });

    // Role change: member → owner.
    await deliver(event("organizationMembership.updated", clerkMembership(first.org, member, "org:admin")));
    const promoted = await db.organizationMembership.findFirstOrThrow({
      where: { organizationId: first.organization.id, user: { clerkUserId: member.id } },
    });
    expect(promoted.role).toBe("ORGANIZATION_OWNER");
    expect((await auditOf(first.organization.id)).at(-1)).toMatchObject({
      action: "organization.member.update",
      metadata: { role: { from: "ORGANIZATION_MEMBER", to: "ORGANIZATION_OWNER" }, clerkRole: "org:admin" },
    });
    expect((await verifyAuditChain(db, first.organization.id)).ok).toBe(true);
  });

  it("never takes over an existing organization's slug", async () => {
    const local = await db.organization.create({ data: { name: "Initech", slug: "initech" } });
    const clerkOrg = clerkOrganization(uid("org"), "Initech", "initech");
    await deliver(event("organization.created", clerkOrg));
    const mirrored = await db.organization.findUniqueOrThrow({ where: { clerkOrganizationId: clerkOrg.id } });
    expect(mirrored.id).not.toBe(local.id);
    expect(mirrored.slug).toBe("initech-2");
    // An update keeps the mirrored organization on its own variant.
    await deliver(event("organization.updated", { ...clerkOrg, name: "Initech Inc" }));
    expect((await db.organization.findUniqueOrThrow({ where: { id: mirrored.id } })).slug).toBe("initech-2");
    expect(await db.organization.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({
      name: "Initech",
      slug: "initech",
      clerkOrganizationId: null,
    });
  });

  it("handles a membership that arrives before its user and organization", async () => {
    const person = { id: uid("user"), email: `${uid("early")}@example.com` };
    const org = clerkOrganization(uid("org"), "Early Birds", "early-birds");
    const early = await deliver(
      event("organizationMembership.created", clerkMembership(org, person, "org:admin")),
    );
    expect(early.body).toMatchObject({ status: "processed", auditEvents: 2 });
    const user = await db.user.findUniqueOrThrow({ where: { clerkUserId: person.id } });
    expect(user).toMatchObject({ email: person.email, name: "Grace Hopper" });
    // user.created then fills in the profile on the same row.
    await deliver(event("user.created", clerkUser(person.id, person.email, "Grace", "Brewster Hopper")));
    expect(await db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({
      name: "Grace Brewster Hopper",
    });
  });

  it("links a Skyport account with the same verified email to its Clerk user", async () => {
    const local = await db.user.create({ data: { email: "linus@example.com", name: "Linus" } });
    const clerkUserId = uid("user");
    await deliver(event("user.created", clerkUser(clerkUserId, "Linus@example.com", "Linus", "T")));
    expect(await db.user.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({
      clerkUserId,
      name: "Linus T",
    });
    // An unverified address does not take over an existing account: 409, nothing written.
    const other = await db.user.create({ data: { email: "mallory-target@example.com", name: "Target" } });
    const unverified = clerkUser(uid("user"), "mallory-target@example.com");
    for (const address of unverified.email_addresses) address.verification = null;
    const before = await counts();
    const refused = await deliver(event("user.created", unverified));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: { code: "CONFLICT", field: "data.email_addresses" } });
    expect(await counts()).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).clerkUserId).toBeNull();
  });
});

describe("POST /api/webhooks/clerk: exactly once", () => {
  it("processes a replayed svix-id once: the replay answers duplicate and writes nothing", async () => {
    const { org, organization } = await mirroredOrganization();
    const person = { id: uid("user"), email: `${uid("replay")}@example.com` };
    await deliver(event("user.created", clerkUser(person.id, person.email)));
    const svixId = uid("msg");
    const payload = event("organizationMembership.created", clerkMembership(org, person, "org:member"));
    expect((await deliver(payload, { svixId })).body).toMatchObject({ status: "processed", auditEvents: 1 });
    const before = await counts();
    const replay = await deliver(payload, { svixId });
    expect(replay).toEqual({
      status: 200,
      body: { status: "duplicate", eventType: "organizationMembership.created" },
    });
    expect(await counts()).toEqual(before);
    expect(
      (await auditOf(organization.id)).filter((e) => e.action === "organization.member.add"),
    ).toHaveLength(2);
  });

  it("processes concurrent copies of one delivery once", async () => {
    const { org, organization } = await mirroredOrganization();
    const svixId = uid("msg");
    const payload = event("organization.updated", { ...org, name: "Concurrent Co" });
    const before = await counts();
    const outcomes = await Promise.all([1, 2, 3].map(() => deliver(payload, { svixId })));
    expect(outcomes.map((o) => o.body.status).sort()).toEqual(["duplicate", "duplicate", "processed"]);
    expect(await counts()).toEqual({
      ...before,
      auditEvents: before.auditEvents + 1,
      deliveries: before.deliveries + 1,
    });
    expect((await auditOf(organization.id)).filter((e) => e.action === "organization.update")).toHaveLength(
      1,
    );
  });

  it("acknowledges event types Skyport does not mirror without writing anything", async () => {
    const before = await counts();
    const ignored = await deliver(event("session.created", { id: "sess_1", user_id: "user_1" }));
    expect(ignored).toEqual({ status: 200, body: { status: "ignored", eventType: "session.created" } });
    expect(await counts()).toEqual(before);
  });
});

describe("POST /api/webhooks/clerk: refused deliveries write nothing", () => {
  const payload = () => event("user.created", clerkUser(uid("user"), `${uid("attacker")}@example.com`));

  async function expectRefused(request: Request, status: number, message: RegExp) {
    const before = await counts();
    const response = await POST(request, undefined);
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.message).toMatch(message);
    // The error envelope every HTTP surface shares, with the request id to quote.
    expect(body.error.requestId).toBe(response.headers.get("x-request-id"));
    expect(await counts()).toEqual(before);
    return body;
  }

  it("refuses a body over the shared 1 MiB limit with 413 in the shared envelope", async () => {
    const huge = JSON.stringify({ ...payload(), padding: "x".repeat(2 * 1024 * 1024) });
    const body = await expectRefused(deliveryRequest(huge), 413, /larger than 1 MiB/);
    expect(body.error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("refuses a tampered body", async () => {
    const original = JSON.stringify(payload());
    const tampered = original.replace("@example.com", "@evil.example");
    await expectRefused(
      deliveryRequest(tampered, { signedBody: original }),
      400,
      /svix-signature .* does not match/,
    );
  });

  it("refuses a signature made with another secret", async () => {
    const otherSecret = `whsec_${randomBytes(32).toString("base64")}`;
    await expectRefused(
      deliveryRequest(JSON.stringify(payload()), { secret: otherSecret }),
      400,
      /does not match/,
    );
  });

  it("refuses a timestamp six minutes old, and one six minutes ahead", async () => {
    const body = JSON.stringify(payload());
    await expectRefused(
      deliveryRequest(body, { timestamp: new Date(Date.now() - 6 * 60_000) }),
      400,
      /svix-timestamp .* more than 5 minutes old/,
    );
    await expectRefused(
      deliveryRequest(body, { timestamp: new Date(Date.now() + 6 * 60_000) }),
      400,
      /more than 5 minutes in the future/,
    );
  });

  it("names a missing Svix header", async () => {
    for (const header of ["svix-id", "svix-timestamp", "svix-signature"] as const) {
      await expectRefused(
        deliveryRequest(JSON.stringify(payload()), { omitHeader: header }),
        400,
        new RegExp(`the ${header} header is missing`),
      );
    }
  });

  it("accepts a signature computed independently of svix (HMAC-SHA256 over id.timestamp.body)", async () => {
    const body = JSON.stringify(payload());
    const svixId = uid("msg");
    const timestamp = new Date();
    const key = Buffer.from(SIGNING_SECRET.slice("whsec_".length), "base64");
    const signed = `${svixId}.${Math.floor(timestamp.getTime() / 1000)}.${body}`;
    const signature = `v1,${createHmac("sha256", key).update(signed).digest("base64")}`;
    const response = await POST(deliveryRequest(body, { svixId, timestamp, signature }), undefined);
    expect(response.status).toBe(200);
  });

  it("names the malformed field of a correctly signed payload", async () => {
    const bad = event("user.created", {
      ...clerkUser(uid("user"), "x@example.com"),
      email_addresses: undefined,
    });
    const body = await expectRefused(
      deliveryRequest(JSON.stringify(bad)),
      400,
      /data.email_addresses: is required/,
    );
    expect(body).toMatchObject({ error: { field: "data.email_addresses" } });
    const noEmail = event("user.created", {
      ...clerkUser(uid("user"), "x@example.com"),
      email_addresses: [],
    });
    await expectRefused(deliveryRequest(JSON.stringify(noEmail)), 400, /the user has no email address/);
    await expectRefused(deliveryRequest(JSON.stringify({ data: {} })), 400, /type: is required/);
  });

  it("answers 404 when Clerk mode is not configured", async () => {
    serveRoutesWith({ ...services, config: { ...services.config, CLERK_WEBHOOK_SIGNING_SECRET: undefined } });
    try {
      await expectRefused(deliveryRequest(JSON.stringify(payload())), 404, /Clerk mode is not configured/);
    } finally {
      serveRoutesWith(services);
    }
  });
});

describe("POST /api/webhooks/clerk: deletions and the last owner", () => {
  it("never removes or demotes the last owner, and records the refusal", async () => {
    const { org, organization, owner, ownerUser } = await mirroredOrganization();
    const ownerMembership = {
      organizationId_userId: { organizationId: organization.id, userId: ownerUser.id },
    };

    const demote = await deliver(
      event("organizationMembership.updated", clerkMembership(org, owner, "org:member")),
    );
    expect(demote.status).toBe(200);
    expect((await db.organizationMembership.findUniqueOrThrow({ where: ownerMembership })).role).toBe(
      "ORGANIZATION_OWNER",
    );
    expect((await auditOf(organization.id)).at(-1)).toMatchObject({
      action: "organization.member.update.refused",
      metadata: {
        reason: expect.stringContaining("last owner"),
        role: { from: "ORGANIZATION_OWNER", requested: "ORGANIZATION_MEMBER" },
      },
    });

    const remove = await deliver(
      event("organizationMembership.deleted", clerkMembership(org, owner, "org:admin")),
    );
    expect(remove.status).toBe(200);
    expect(await db.organizationMembership.findUnique({ where: ownerMembership })).not.toBeNull();
    expect((await auditOf(organization.id)).at(-1)).toMatchObject({
      action: "organization.member.remove.refused",
      metadata: {
        eventType: "organizationMembership.deleted",
        reason: expect.stringContaining("last owner"),
      },
    });

    // With a second owner, the first may go.
    const { memberUser } = await addMember(org, "org:admin");
    await deliver(event("organizationMembership.deleted", clerkMembership(org, owner, "org:admin")));
    expect(await db.organizationMembership.findUnique({ where: ownerMembership })).toBeNull();
    expect(
      await db.organizationMembership.findMany({
        where: { organizationId: organization.id },
        select: { userId: true },
      }),
    ).toEqual([{ userId: memberUser.id }]);
    expect((await auditOf(organization.id)).at(-1)?.action).toBe("organization.member.remove");
  });

  it("removes a member with their team and workspace grants in that organization", async () => {
    const { org, organization } = await mirroredOrganization();
    const { member, memberUser } = await addMember(org);
    const team = await db.team.create({ data: { organizationId: organization.id, name: "Data" } });
    await db.teamMembership.create({ data: { teamId: team.id, userId: memberUser.id } });
    const workspace = await db.workspace.create({
      data: { organizationId: organization.id, name: "Analytics" },
    });
    await db.workspaceRoleBinding.create({
      data: {
        organizationId: organization.id,
        workspaceId: workspace.id,
        userId: memberUser.id,
        role: "WORKSPACE_AUTHOR",
      },
    });

    const removed = await deliver(
      event("organizationMembership.deleted", clerkMembership(org, member, "org:member")),
    );
    expect(removed.body).toMatchObject({ status: "processed", auditEvents: 1 });
    expect(await db.organizationMembership.count({ where: { userId: memberUser.id } })).toBe(0);
    expect(await db.teamMembership.count({ where: { userId: memberUser.id } })).toBe(0);
    expect(await db.workspaceRoleBinding.count({ where: { userId: memberUser.id } })).toBe(0);
    // The person still exists: leaving an organization is not leaving Skyport.
    expect(await db.user.findUnique({ where: { id: memberUser.id } })).not.toBeNull();
  });

  it("deletes a deleted Clerk user with their memberships and sessions", async () => {
    const { org, organization } = await mirroredOrganization();
    const { member, memberUser } = await addMember(org);
    await openSession(memberUser.id);
    const deleted = await deliver(event("user.deleted", { object: "user", id: member.id, deleted: true }));
    expect(deleted.body).toMatchObject({ status: "processed", auditEvents: 1 });
    expect(await db.user.findUnique({ where: { id: memberUser.id } })).toBeNull();
    expect(await db.session.count({ where: { userId: memberUser.id } })).toBe(0);
    expect((await auditOf(organization.id)).at(-1)).toMatchObject({
      action: "organization.member.remove",
      metadata: { eventType: "user.deleted", reason: "the user was deleted in Clerk" },
    });
  });

  it("keeps a deleted Clerk user who is the last owner, ending their sessions, and records why", async () => {
    const { organization, owner, ownerUser } = await mirroredOrganization();
    const other = clerkOrganization(uid("org"), "Other Org", null);
    await deliver(event("organization.created", other));
    await deliver(event("organizationMembership.created", clerkMembership(other, owner, "org:member")));
    const otherOrg = await db.organization.findUniqueOrThrow({ where: { clerkOrganizationId: other.id } });
    await openSession(ownerUser.id);
    const deleted = await deliver(event("user.deleted", { object: "user", id: owner.id, deleted: true }));
    expect(deleted.body).toMatchObject({ status: "processed", auditEvents: 2 });
    expect(await db.user.findUnique({ where: { id: ownerUser.id } })).not.toBeNull();
    expect(await db.session.count({ where: { userId: ownerUser.id } })).toBe(0);
    // Kept where they are the last owner, gone where they were a member.
    expect(
      await db.organizationMembership.findMany({
        where: { userId: ownerUser.id },
        select: { organizationId: true },
      }),
    ).toEqual([{ organizationId: organization.id }]);
    expect((await auditOf(organization.id)).at(-1)).toMatchObject({
      action: "organization.member.remove.refused",
      metadata: { eventType: "user.deleted", reason: expect.stringContaining("keeps the user") },
    });
    expect((await auditOf(otherOrg.id)).at(-1)?.action).toBe("organization.member.remove");
  });

  it("deletes an organization without deployments and refuses one with deployments", async () => {
    const empty = await mirroredOrganization("Empty Org");
    const gone = await deliver(
      event("organization.deleted", { object: "organization", id: empty.org.id, deleted: true }),
    );
    expect(gone.body).toMatchObject({ status: "processed", auditEvents: 1 });
    expect(await db.organization.findUnique({ where: { id: empty.organization.id } })).toBeNull();
    expect(await db.organizationMembership.count({ where: { organizationId: empty.organization.id } })).toBe(
      0,
    );
    // The audit log outlives the organization.
    expect((await auditOf(empty.organization.id)).at(-1)?.action).toBe("organization.delete");
    expect((await verifyAuditChain(db, empty.organization.id)).ok).toBe(true);

    const busy = await mirroredOrganization("Busy Org");
    const workspace = await db.workspace.create({
      data: { organizationId: busy.organization.id, name: "Prod" },
    });
    await db.deployment.create({
      data: {
        organizationId: busy.organization.id,
        workspaceId: workspace.id,
        name: "etl",
        spec: {},
        namespace: `skyport-${randomBytes(4).toString("hex")}`,
      },
    });
    const refused = await deliver(
      event("organization.deleted", { object: "organization", id: busy.org.id, deleted: true }),
    );
    expect(refused.body).toMatchObject({ status: "processed", auditEvents: 1 });
    expect(await db.organization.findUnique({ where: { id: busy.organization.id } })).not.toBeNull();
    expect((await auditOf(busy.organization.id)).at(-1)).toMatchObject({
      action: "organization.delete.refused",
      metadata: { reason: expect.stringContaining("1 deployment"), deployments: 1 },
    });
  });

  it("treats deletions of rows Skyport never mirrored as done", async () => {
    const before = await counts();
    const user = await deliver(event("user.deleted", { object: "user", id: uid("user"), deleted: true }));
    const org = await deliver(
      event("organization.deleted", { object: "organization", id: uid("org"), deleted: true }),
    );
    expect([user.body, org.body]).toMatchObject([
      { status: "processed", auditEvents: 0 },
      { status: "processed", auditEvents: 0 },
    ]);
    expect(await counts()).toEqual({ ...before, deliveries: before.deliveries + 2 });
  });
});

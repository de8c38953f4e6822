import {
  type Actor,
  acceptInvitation,
  ConflictError,
  createOrganization,
  ForbiddenError,
  invitationLink,
  inviteMemberInput,
  inviteMember as inviteMemberOperation,
  listInvitations,
  loadInvitationForEmail,
  type MutationContext,
  NotFoundError,
  previewInvitation,
  resendInvitation,
  revokeInvitation,
  signInvitationToken,
  signUpWithInvitation,
  ValidationError,
  verifyInvitationToken,
} from "@skyport/domain";
import { createRedisConnection, JobProducer, jobs } from "@skyport/queue";
import { testRedis, worldOnTestDatabase } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";
import { throughContract } from "./contract.ts";

const inviteMember = throughContract(inviteMemberInput, inviteMemberOperation);

const { db, world } = await worldOnTestDatabase();
const { url: redisUrl, prefix } = testRedis();
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
const producer = new JobProducer(redis, prefix);
afterAll(async () => {
  await producer.close();
  redis.disconnect();
});

const SECRET = "invitation-test-secret-0123456789abcdefghij";
const PASSWORD = "violet-harbor-lantern-7";
const context = { ip: "198.51.100.8", userAgent: "vitest", requestId: "invitations-test" };
const mail = { jobs: producer };

function as(actor: Actor): MutationContext {
  return { db, actor, context };
}

let counter = 0;
async function newOwnerAndOrganization() {
  counter++;
  const owner = await db.user.create({
    data: { email: `owner${counter}@example.test`, name: `Owner ${counter}` },
  });
  const actor: Actor = { type: "user", userId: owner.id, label: owner.email };
  const organization = await createOrganization(as(actor), { name: `Invite org ${counter}` });
  return { owner, actor, organization };
}

/** The link the worker would email, rebuilt from the stored invitation. */
async function tokenFor(invitationId: string): Promise<string> {
  const invitation = await db.invitation.findUniqueOrThrow({ where: { id: invitationId } });
  return signInvitationToken(SECRET, {
    invitationId,
    expiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
  });
}

describe("invitation links", () => {
  const claims = { invitationId: "ckinvitation0000000001", expiresAt: 1_900_000_000 };
  const token = signInvitationToken(SECRET, claims);

  it("verify with the secret that signed them", () => {
    expect(verifyInvitationToken(SECRET, token)).toEqual(claims);
    expect(invitationLink("https://skyport.example.com/", token)).toBe(
      `https://skyport.example.com/invitations/${token}`,
    );
  });

  it("refuse a changed id or expiry, a changed signature, another secret and garbage", () => {
    const [payload, signature] = token.split(".") as [string, string];
    const forgedPayload = Buffer.from(`${claims.invitationId}.1999999999`).toString("base64url");
    const otherId = Buffer.from(`ckinvitation0000000002.${claims.expiresAt}`).toString("base64url");
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    for (const bad of [
      `${forgedPayload}.${signature}`,
      `${otherId}.${signature}`,
      `${payload}.${flipped}`,
      signInvitationToken("another-secret-0123456789abcdefghijklmnop", claims),
      `${payload}`,
      "",
      "a.b.c",
    ]) {
      const error = (() => {
        try {
          verifyInvitationToken(SECRET, bad);
          return null;
        } catch (e) {
          return e;
        }
      })();
      expect(error, bad).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe("token");
    }
  });
});

describe("inviting", () => {
  it("creates a pending 7-day invitation, audits it and queues the email", async () => {
    const { actor, organization } = await newOwnerAndOrganization();
    const { invitation, emailQueued } = await inviteMember(
      as(actor),
      { organizationId: organization.id, email: " New.Person@Example.com ", role: "ORGANIZATION_MEMBER" },
      mail,
    );
    expect(invitation).toMatchObject({ email: "new.person@example.com", status: "PENDING", expired: false });
    const days = (invitation.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.99);
    expect(days).toBeLessThanOrEqual(7);
    expect(emailQueued).toBe(true);

    const jobId = `${jobs.invitationEmail.name}.${invitation.id}-${Math.floor(invitation.expiresAt.getTime() / 1000)}`;
    const job = await producer.queue("email").getJob(jobId);
    expect(job?.data).toEqual({
      invitationId: invitation.id,
      linkExpiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    });
    const event = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "organization.member.invite" },
    });
    expect(event.metadata).toEqual({ email: "new.person@example.com", role: "ORGANIZATION_MEMBER" });
    expect((await listInvitations(db, actor, organization.id)).items).toHaveLength(1);
  });

  it("refuses existing members, pending invitations, bad emails and unknown roles, naming the field", async () => {
    const { actor, organization, owner } = await newOwnerAndOrganization();
    const invite = (email: string, role = "ORGANIZATION_MEMBER") =>
      inviteMember(as(actor), { organizationId: organization.id, email, role }, mail).catch(
        (e: unknown) => e,
      );
    expect(await invite(owner.email)).toMatchObject({ field: "email" });
    expect(await invite(owner.email)).toBeInstanceOf(ConflictError);
    await invite("twice@example.com");
    const twice = await invite("TWICE@example.com");
    expect(twice).toBeInstanceOf(ConflictError);
    expect((twice as ConflictError).field).toBe("email");
    expect(await invite("not an email")).toMatchObject({ field: "email" });
    expect(await invite("ok@example.com", "ORGANIZATION_GOD")).toMatchObject({ field: "role" });
    expect(await db.invitation.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it("answers an owner of another organization NOT_FOUND, and non-owners FORBIDDEN", async () => {
    const target = {
      organizationId: world.organizationId,
      email: "x@example.com",
      role: "ORGANIZATION_MEMBER",
    };
    await expect(inviteMember(as(world.actor("outsider")), target, mail)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(listInvitations(db, world.actor("outsider"), world.organizationId)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(inviteMember(as(world.actor("billingAdmin")), target, mail)).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    const { invitation } = await inviteMember(as(world.actor("organizationOwner")), target, mail);
    await expect(
      revokeInvitation(as(world.actor("outsider")), {
        organizationId: world.otherOrganizationId,
        invitationId: invitation.id,
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("accepting", () => {
  async function invited(email: string, role = "ORGANIZATION_BILLING_ADMIN") {
    const setup = await newOwnerAndOrganization();
    const { invitation } = await inviteMember(
      as(setup.actor),
      { organizationId: setup.organization.id, email, role },
      mail,
    );
    return { ...setup, invitation, token: await tokenFor(invitation.id) };
  }

  async function person(email: string): Promise<Actor> {
    const user = await db.user.create({ data: { email, name: email.split("@")[0] ?? "someone" } });
    return { type: "user", userId: user.id, label: user.email };
  }

  it("joins with the invited role, once, with an audit event", async () => {
    const { organization, token, invitation } = await invited("joiner@example.com");
    const joiner = await person("joiner@example.com");
    const preview = await previewInvitation(db, SECRET, token);
    expect(preview).toMatchObject({
      organizationName: organization.name,
      email: "joiner@example.com",
      role: "ORGANIZATION_BILLING_ADMIN",
      state: "pending",
      accountExists: true,
    });

    const joined = await acceptInvitation(as(joiner), { token }, SECRET);
    expect(joined).toEqual({ organizationId: organization.id, role: "ORGANIZATION_BILLING_ADMIN" });
    const stored = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(stored.status).toBe("ACCEPTED");
    expect(stored.acceptedById).toBe(joiner.type === "user" ? joiner.userId : null);
    const events = await db.auditEvent.findMany({
      where: { organizationId: organization.id, action: "organization.member.join" },
    });
    expect(events).toHaveLength(1);
    // The audit log names the invitation (by its e-mail), never only its id.
    expect(events[0]?.targets).toEqual([
      { type: "user", id: stored.acceptedById, label: "joiner@example.com" },
      { type: "invitation", id: invitation.id, label: "joiner@example.com" },
    ]);

    const again = await acceptInvitation(as(joiner), { token }, SECRET).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(ConflictError);
    expect((again as Error).message).toMatch(/already been used/);
    expect((await previewInvitation(db, SECRET, token)).state).toBe("accepted");
  });

  it("refuses someone signed in with another email, explaining why", async () => {
    const { token, organization } = await invited("intended@example.com");
    const someoneElse = await person("someone.else@example.com");
    const error = await acceptInvitation(as(someoneElse), { token }, SECRET).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toMatch(/intended@example.com.*someone.else@example.com/);
    expect(await db.organizationMembership.count({ where: { organizationId: organization.id } })).toBe(1);
  });

  it("refuses tampered, expired, revoked and superseded links", async () => {
    const tampered = await invited("tampered@example.com");
    const tamperedActor = await person("tampered@example.com");
    const [payload] = tampered.token.split(".");
    const badSignature = `${payload}.${"A".repeat(43)}`;
    await expect(acceptInvitation(as(tamperedActor), { token: badSignature }, SECRET)).rejects.toBeInstanceOf(
      ValidationError,
    );
    await expect(previewInvitation(db, SECRET, badSignature)).rejects.toBeInstanceOf(ValidationError);

    const expired = await invited("expired@example.com");
    const past = new Date(Date.now() - 60_000);
    await db.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: past } });
    const expiredToken = await tokenFor(expired.invitation.id);
    await expect(
      acceptInvitation(as(await person("expired@example.com")), { token: expiredToken }, SECRET),
    ).rejects.toThrow(/expired/);
    expect((await previewInvitation(db, SECRET, expiredToken)).state).toBe("expired");

    const revoked = await invited("revoked@example.com");
    await revokeInvitation(as(revoked.actor), {
      organizationId: revoked.organization.id,
      invitationId: revoked.invitation.id,
    });
    await expect(
      acceptInvitation(as(await person("revoked@example.com")), { token: revoked.token }, SECRET),
    ).rejects.toThrow(/revoked/);

    const resent = await invited("resent@example.com");
    const { invitation: renewed } = await resendInvitation(
      as(resent.actor),
      { organizationId: resent.organization.id, invitationId: resent.invitation.id },
      mail,
    );
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(resent.invitation.expiresAt.getTime());
    const resentActor = await person("resent@example.com");
    await expect(acceptInvitation(as(resentActor), { token: resent.token }, SECRET)).rejects.toThrow(/newer/);
    const newToken = await tokenFor(resent.invitation.id);
    await expect(acceptInvitation(as(resentActor), { token: newToken }, SECRET)).resolves.toMatchObject({
      organizationId: resent.organization.id,
    });
    expect(
      await db.auditEvent.count({
        where: { organizationId: resent.organization.id, action: "organization.invitation.resend" },
      }),
    ).toBe(1);
  });

  it("signs a new person up into the inviting organization, once, without a new organization", async () => {
    const { organization, token, invitation } = await invited("newcomer@example.com", "ORGANIZATION_MEMBER");
    const organizationsBefore = await db.organization.count();
    const joined = await signUpWithInvitation(
      { db, context },
      { token, name: "New Comer", password: PASSWORD },
      SECRET,
    );
    expect(joined.user.email).toBe("newcomer@example.com");
    expect(joined.organizationId).toBe(organization.id);
    expect(await db.organization.count()).toBe(organizationsBefore);
    const membership = await db.organizationMembership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: organization.id, userId: joined.user.id } },
    });
    expect(membership.role).toBe("ORGANIZATION_MEMBER");
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("ACCEPTED");
    const join = await db.auditEvent.findFirstOrThrow({
      where: { organizationId: organization.id, action: "organization.member.join" },
    });
    expect(join).toMatchObject({ actorType: "USER", actorId: joined.user.id });
    expect(join.targets).toEqual([
      { type: "user", id: joined.user.id, label: "newcomer@example.com" },
      { type: "invitation", id: invitation.id, label: "newcomer@example.com" },
    ]);

    const usersBefore = await db.user.count();
    await expect(
      signUpWithInvitation({ db, context }, { token, name: "Second Try", password: PASSWORD }, SECRET),
    ).rejects.toThrow(/already been used/);
    expect(await db.user.count()).toBe(usersBefore);
  });

  it("refuses a weak password on invitation sign-up and writes nothing", async () => {
    const { token, invitation } = await invited("weak@example.com");
    const error = await signUpWithInvitation(
      { db, context },
      { token, name: "Weak", password: "weak@example.com!!" },
      SECRET,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ field: "password" });
    expect(await db.user.count({ where: { email: "weak@example.com" } })).toBe(0);
    expect((await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).status).toBe("PENDING");
  });

  it("gives the worker nothing to send once an invitation is no longer pending or was re-sent", async () => {
    const { invitation, organization, actor } = await invited("worker@example.com");
    const linkExpiresAt = Math.floor(invitation.expiresAt.getTime() / 1000);
    expect(await loadInvitationForEmail(db, invitation.id, linkExpiresAt)).toMatchObject({
      email: "worker@example.com",
      organizationName: organization.name,
    });
    expect(await loadInvitationForEmail(db, invitation.id, linkExpiresAt - 1)).toBeNull();
    await revokeInvitation(as(actor), { organizationId: organization.id, invitationId: invitation.id });
    expect(await loadInvitationForEmail(db, invitation.id, linkExpiresAt)).toBeNull();
  });
});

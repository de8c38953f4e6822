// Sign-up, sign-in, sign-out, organizations, members and invitations through tRPC, called
// exactly as the browser calls them (the HTTP route for error shapes, callers for the rest).
import { type Actor, signInvitationToken } from "@skyport/domain";
import { createLogger } from "@skyport/logger";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { POST as trpcPost } from "../app/api/trpc/[trpc]/route.ts";
import { createTRPCContext } from "../src/server/trpc/context.ts";
import { createCaller } from "../src/server/trpc/router.ts";
import { callerAs, createTestServices, serveRoutesWith, TEST_SECRET, userActor } from "./support.ts";

const services = await createTestServices();
const { db } = services;
serveRoutesWith(services);

const PASSWORD = "granite-meadow-signal-5";
let ipCounter = 0;
/** A fresh client address per test, so rate limits of one test do not bleed into another. */
const nextIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** A caller as an anonymous browser (or one carrying cookies), with the response headers it gets. */
async function browser(options: { ip?: string; cookie?: string } = {}) {
  const headers = new Headers({ "x-forwarded-for": options.ip ?? nextIp(), "user-agent": "vitest-browser" });
  if (options.cookie) headers.set("cookie", options.cookie);
  const resHeaders = new Headers();
  const ctx = await createTRPCContext({
    requestId: "accounts-test",
    logger: createLogger({ name: "web-test", level: "silent" }),
    services,
    headers,
    resHeaders,
  });
  return { caller: createCaller(ctx), resHeaders };
}

/** The Cookie header a browser would send back after these Set-Cookie values. */
function cookieFrom(resHeaders: Headers): string {
  return resHeaders
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** POSTs a mutation to the real tRPC route and returns the JSON error shape. */
async function httpError(path: string, input: unknown, headers: Record<string, string> = {}) {
  const response = await trpcPost(
    new Request(`http://localhost:3000/api/trpc/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": nextIp(), ...headers },
      body: JSON.stringify({ json: input }),
    }),
    { params: Promise.resolve({ trpc: path }) },
  );
  const body = (await response.json()) as {
    error?: {
      json: { message: string; data: { code: string; fieldErrors: Record<string, string[]> | null } };
    };
  };
  return { status: response.status, error: body.error?.json };
}

async function codeOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => "OK",
    (error: unknown) => (error instanceof TRPCError ? error.code : `unexpected: ${String(error)}`),
  );
}

async function auditActions(organizationId: string): Promise<string[]> {
  const events = await db.auditEvent.findMany({ where: { organizationId }, orderBy: { sequence: "asc" } });
  return events.map((e) => e.action);
}

let people = 0;
async function signedUpOwner() {
  people++;
  const { caller, resHeaders } = await browser();
  const result = await caller.auth.signUp({
    email: `owner${people}@example.test`,
    password: PASSWORD,
    name: `Owner ${people}`,
    organizationName: `Organization ${people}`,
  });
  return { ...result, cookie: cookieFrom(resHeaders), actor: userActor(result.user) };
}

describe("auth procedures", () => {
  it("signUp creates the account and organization and signs the browser in (HttpOnly cookie)", async () => {
    const { caller, resHeaders } = await browser();
    const result = await caller.auth.signUp({
      email: "Pioneer@Example.test",
      password: PASSWORD,
      name: "Pioneer",
      organizationName: "Pioneer Data",
    });
    expect(result.user.email).toBe("pioneer@example.test");
    expect(JSON.stringify(result)).not.toMatch(/password|scrypt|token/i);
    const cookies = resHeaders.getSetCookie();
    expect(cookies.some((c) => /^skyport\.session_token=/.test(c) && /HttpOnly/i.test(c))).toBe(true);
    expect(await auditActions(result.organization.id)).toEqual(["organization.create"]);

    const { caller: returning } = await browser({ cookie: cookieFrom(resHeaders) });
    expect(await returning.auth.me()).toEqual(result.user);
    expect((await returning.organization.listMine()).map((o) => [o.id, o.role])).toEqual([
      [result.organization.id, "ORGANIZATION_OWNER"],
    ]);
  });

  it("answers malformed emails and weak passwords with field-level BAD_REQUEST, writing nothing", async () => {
    const before = await db.user.count();
    const malformed = await httpError("auth.signUp", {
      email: "not-an-email",
      password: PASSWORD,
      name: "Someone",
      organizationName: "Some org",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.error?.data.fieldErrors).toEqual({ email: [expect.stringContaining("email address")] });
    const weak = await httpError("auth.signUp", {
      email: "weak@example.test",
      password: "password1234",
      name: "Someone",
      organizationName: "Some org",
    });
    expect(weak.status).toBe(400);
    expect(weak.error?.data.fieldErrors?.password?.[0]).toMatch(/too common/);
    const duplicate = await signedUpOwner();
    const taken = await httpError("auth.signUp", {
      email: duplicate.user.email,
      password: PASSWORD,
      name: "Someone",
      organizationName: "Some org",
    });
    expect(taken.status).toBe(409);
    expect(Object.keys(taken.error?.data.fieldErrors ?? {})).toEqual(["email"]);
    expect(await db.user.count()).toBe(before + 1);
  });

  it("signIn sets an HttpOnly session cookie; a wrong password is UNAUTHORIZED and sets none", async () => {
    const owner = await signedUpOwner();
    const ip = nextIp();
    const wrong = await browser({ ip });
    const error = await wrong.caller.auth
      .signIn({ email: owner.user.email, password: "not-the-password-1" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("UNAUTHORIZED");
    expect((error as TRPCError).message).toBe("email or password is incorrect");
    expect(wrong.resHeaders.getSetCookie()).toEqual([]);

    const right = await browser({ ip });
    const result = await right.caller.auth.signIn({
      email: owner.user.email.toUpperCase(),
      password: PASSWORD,
    });
    expect(result.user.id).toBe(owner.user.id);
    const cookie = right.resHeaders.getSetCookie().find((c) => c.startsWith("skyport.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);

    // signOut clears the cookie and ends the session.
    const signedIn = await browser({ cookie: cookieFrom(right.resHeaders) });
    await signedIn.caller.auth.signOut();
    expect(signedIn.resHeaders.getSetCookie().some((c) => /skyport\.session_token=;/.test(c))).toBe(true);
    const after = await browser({ cookie: cookieFrom(right.resHeaders) });
    expect(await after.caller.auth.me()).toBeNull();
  });

  it("answers TOO_MANY_REQUESTS after 5 failed sign-ins from one ip for one email", async () => {
    const owner = await signedUpOwner();
    const ip = nextIp();
    for (let i = 0; i < 5; i++) {
      const { caller } = await browser({ ip });
      expect(
        await codeOf(caller.auth.signIn({ email: owner.user.email, password: `wrong-${i}-password` })),
      ).toBe("UNAUTHORIZED");
    }
    const { caller } = await browser({ ip });
    const error = await caller.auth
      .signIn({ email: owner.user.email, password: PASSWORD })
      .catch((e: unknown) => e);
    expect((error as TRPCError).code).toBe("TOO_MANY_REQUESTS");
    expect((error as TRPCError).message).toMatch(/try again in \d+ s/);
    // Over HTTP it is a 429.
    const http = await httpError(
      "auth.signIn",
      { email: owner.user.email, password: PASSWORD },
      { "x-forwarded-for": ip },
    );
    expect(http.status).toBe(429);
  });

  it("answers TOO_MANY_REQUESTS after 10 sign-up attempts from one ip in an hour", async () => {
    const ip = nextIp();
    for (let i = 0; i < 10; i++) {
      const { caller } = await browser({ ip });
      expect(
        await codeOf(caller.auth.signUp({ email: "bad", password: "x", name: "x", organizationName: "x" })),
      ).toBe("BAD_REQUEST");
    }
    const { caller } = await browser({ ip });
    const blocked = caller.auth.signUp({
      email: "late@example.test",
      password: PASSWORD,
      name: "Late",
      organizationName: "Late org",
    });
    expect(await codeOf(blocked)).toBe("TOO_MANY_REQUESTS");
    expect(await db.user.count({ where: { email: "late@example.test" } })).toBe(0);
  });
});

describe("organization and member procedures", () => {
  it("write one audit event per change, with the action named after it", async () => {
    const owner = await signedUpOwner();
    const organizationId = owner.organization.id;
    const caller = await callerAs(services, owner.actor);
    const member = await signedUpOwner();
    await db.organizationMembership.create({
      data: { organizationId, userId: member.user.id, role: "ORGANIZATION_MEMBER" },
    });

    const steps: Array<[() => Promise<unknown>, string]> = [
      [() => caller.organization.rename({ organizationId, name: "Renamed Org" }), "organization.update"],
      [
        () =>
          caller.member.updateRole({ organizationId, userId: member.user.id, role: "ORGANIZATION_OWNER" }),
        "organization.member.update",
      ],
      [
        () =>
          caller.invitation.create({
            organizationId,
            email: "guest@example.test",
            role: "ORGANIZATION_MEMBER",
          }),
        "organization.member.invite",
      ],
    ];
    for (const [step, action] of steps) {
      const before = await auditActions(organizationId);
      await step();
      const after = await auditActions(organizationId);
      expect(after.length - before.length, action).toBe(1);
      expect(after.at(-1)).toBe(action);
    }

    const [pending] = (await caller.invitation.list({ organizationId })).items;
    expect(pending).toMatchObject({ email: "guest@example.test", status: "PENDING" });
    expect(JSON.stringify(pending)).not.toMatch(/token/i);
    for (const [step, action] of [
      [
        () => caller.invitation.resend({ organizationId, invitationId: pending?.id ?? "" }),
        "organization.invitation.resend",
      ],
      [
        () => caller.invitation.revoke({ organizationId, invitationId: pending?.id ?? "" }),
        "organization.invitation.revoke",
      ],
      [() => caller.member.remove({ organizationId, userId: member.user.id }), "organization.member.remove"],
      [async () => (await callerAs(services, owner.actor)).organization.create({ name: "Second org" }), null],
    ] as Array<[() => Promise<unknown>, string | null]>) {
      const before = await auditActions(organizationId);
      await step();
      const after = await auditActions(organizationId);
      if (action) {
        expect(after.length - before.length, action).toBe(1);
        expect(after.at(-1)).toBe(action);
      } else {
        expect(after).toEqual(before); // a new organization audits into its own log
      }
    }
    expect(await auditActions(organizationId)).toEqual([
      "organization.create",
      "organization.update",
      "organization.member.update",
      "organization.member.invite",
      "organization.invitation.resend",
      "organization.invitation.revoke",
      "organization.member.remove",
    ]);
  });

  it("answers unknown roles with a field-level BAD_REQUEST", async () => {
    const owner = await signedUpOwner();
    const caller = await callerAs(services, owner.actor);
    expect(
      await codeOf(
        caller.member.updateRole({
          organizationId: owner.organization.id,
          userId: owner.user.id,
          role: "KING" as "ORGANIZATION_MEMBER",
        }),
      ),
    ).toBe("BAD_REQUEST");
    const http = await httpError(
      "invitation.create",
      { organizationId: owner.organization.id, email: "x@example.test", role: "KING" },
      { cookie: owner.cookie },
    );
    expect(http.status).toBe(400);
    expect(Object.keys(http.error?.data.fieldErrors ?? {})).toEqual(["role"]);
    expect(await db.invitation.count({ where: { organizationId: owner.organization.id } })).toBe(0);
  });

  it("answers an owner of organization A NOT_FOUND for everything in organization B", async () => {
    const a = await signedUpOwner();
    const b = await signedUpOwner();
    const bMember = await signedUpOwner();
    await db.organizationMembership.create({
      data: { organizationId: b.organization.id, userId: bMember.user.id, role: "ORGANIZATION_MEMBER" },
    });
    const invitation = await db.invitation.create({
      data: {
        organizationId: b.organization.id,
        email: "b-guest@example.test",
        role: "ORGANIZATION_MEMBER",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const asA = await callerAs(services, a.actor);
    const organizationId = b.organization.id;
    const before = await auditActions(organizationId);
    const attempts = {
      get: asA.organization.get({ organizationId }),
      rename: asA.organization.rename({ organizationId, name: "Hijacked" }),
      leave: asA.organization.leave({ organizationId }),
      list: asA.member.list({ organizationId }),
      updateRole: asA.member.updateRole({
        organizationId,
        userId: bMember.user.id,
        role: "ORGANIZATION_OWNER",
      }),
      remove: asA.member.remove({ organizationId, userId: bMember.user.id }),
      invite: asA.invitation.create({
        organizationId,
        email: "spy@example.test",
        role: "ORGANIZATION_OWNER",
      }),
      invitations: asA.invitation.list({ organizationId }),
      revoke: asA.invitation.revoke({ organizationId, invitationId: invitation.id }),
      resend: asA.invitation.resend({ organizationId, invitationId: invitation.id }),
      // A's own organization id with B's invitation: the tenant floor still says no.
      revokeAcross: asA.invitation.revoke({ organizationId: a.organization.id, invitationId: invitation.id }),
      removeAcross: asA.member.remove({ organizationId: a.organization.id, userId: bMember.user.id }),
    };
    const codes = Object.fromEntries(
      await Promise.all(Object.entries(attempts).map(async ([name, call]) => [name, await codeOf(call)])),
    );
    expect(codes).toEqual(Object.fromEntries(Object.keys(attempts).map((name) => [name, "NOT_FOUND"])));
    expect(await auditActions(organizationId)).toEqual(before);
  });
});

describe("invitation procedures", () => {
  it("preview is public; signUpAndAccept joins the organization and signs the new member in", async () => {
    const owner = await signedUpOwner();
    const organizationId = owner.organization.id;
    const { invitation } = await (await callerAs(services, owner.actor)).invitation.create({
      organizationId,
      email: "newbie@example.test",
      role: "ORGANIZATION_BILLING_ADMIN",
    });
    const token = signInvitationToken(TEST_SECRET, {
      invitationId: invitation.id,
      expiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    });

    const anonymous = await browser();
    expect(await anonymous.caller.invitation.preview({ token })).toMatchObject({
      organizationName: owner.organization.name,
      email: "newbie@example.test",
      role: "ORGANIZATION_BILLING_ADMIN",
      invitedBy: { name: owner.user.name, email: owner.user.email },
      state: "pending",
      accountExists: false,
    });
    const joined = await anonymous.caller.invitation.signUpAndAccept({
      token,
      name: "Newbie",
      password: PASSWORD,
    });
    expect(joined).toMatchObject({ organizationId, user: { email: "newbie@example.test" } });
    const { caller: newbie } = await browser({ cookie: cookieFrom(anonymous.resHeaders) });
    expect((await newbie.organization.listMine()).map((o) => [o.id, o.role])).toEqual([
      [organizationId, "ORGANIZATION_BILLING_ADMIN"],
    ]);
    expect((await auditActions(organizationId)).at(-1)).toBe("organization.member.join");

    expect(
      await codeOf(anonymous.caller.invitation.signUpAndAccept({ token, name: "Again", password: PASSWORD })),
    ).toBe("CONFLICT");
    const tampered = `${token.slice(0, -3)}xyz`;
    expect(await codeOf(anonymous.caller.invitation.preview({ token: tampered }))).toBe("BAD_REQUEST");
  });

  it("accept needs the invited email: others get FORBIDDEN, anonymous callers UNAUTHORIZED", async () => {
    const owner = await signedUpOwner();
    const organizationId = owner.organization.id;
    const invitee = await signedUpOwner();
    const stranger = await signedUpOwner();
    const { invitation } = await (await callerAs(services, owner.actor)).invitation.create({
      organizationId,
      email: invitee.user.email,
      role: "ORGANIZATION_MEMBER",
    });
    const token = signInvitationToken(TEST_SECRET, {
      invitationId: invitation.id,
      expiresAt: Math.floor(invitation.expiresAt.getTime() / 1000),
    });
    expect(await codeOf((await callerAs(services, null)).invitation.accept({ token }))).toBe("UNAUTHORIZED");
    const asStranger = await callerAs(services, stranger.actor);
    const refused = await asStranger.invitation.accept({ token }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    expect((refused as TRPCError).message).toContain(invitee.user.email);

    const before = (await auditActions(organizationId)).length;
    const asInvitee = await callerAs(services, invitee.actor as Actor);
    expect(await asInvitee.invitation.accept({ token })).toEqual({
      organizationId,
      role: "ORGANIZATION_MEMBER",
    });
    expect((await auditActions(organizationId)).slice(before)).toEqual(["organization.member.join"]);
    expect(await codeOf(asInvitee.invitation.accept({ token }))).toBe("CONFLICT");
  });
});

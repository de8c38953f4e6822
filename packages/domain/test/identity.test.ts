import { createAuth } from "@skyport/auth";
import {
  type AuthRateLimiter,
  ConflictError,
  createAuthRateLimiter,
  EMPTY_CONTEXT,
  normalizeEmail,
  RateLimitedError,
  type RequestContext,
  signIn,
  signUp,
  UnauthenticatedError,
  ValidationError,
  validatePassword,
  verifyAuditChain,
} from "@skyport/domain";
import { createRedisConnection } from "@skyport/queue";
import { createTestDatabase, testRedis } from "@skyport/testing";
import { afterAll, describe, expect, it } from "vitest";

const { db } = await createTestDatabase();
const { url: redisUrl, prefix } = testRedis();
const redis = createRedisConnection(redisUrl, { maxRetriesPerRequest: 1 });
await redis.connect();
afterAll(() => redis.disconnect());

const auth = createAuth({
  db,
  secret: "domain-test-secret-0123456789abcdefghijkl",
  baseUrl: "http://localhost",
});
const context = { ip: "198.51.100.4", userAgent: "vitest", requestId: "req-1" };
const PASSWORD = "correct-horse-battery-9";

/** Signs `email` in from an address with a password, answering what it throws instead of throwing. */
function signInFrom(rateLimiter: AuthRateLimiter, email: string, base: RequestContext) {
  return (ip: string, password: string) =>
    signIn({ auth, rateLimiter }, { email, password }, { ...base, ip }, new Headers()).catch(
      (e: unknown) => e,
    );
}

function validationField(error: unknown): string | undefined {
  return error instanceof ValidationError ? error.field : undefined;
}

async function counts() {
  return {
    users: await db.user.count(),
    accounts: await db.account.count(),
    organizations: await db.organization.count(),
    memberships: await db.organizationMembership.count(),
    auditEvents: await db.auditEvent.count(),
  };
}

describe("password rules", () => {
  const email = "ada.lovelace@example.com";
  const refused = (password: string) => {
    try {
      validatePassword(password, email);
      return null;
    } catch (error) {
      expect(validationField(error)).toBe("password");
      return (error as Error).message;
    }
  };

  it("accepts a long, unremarkable password", () => {
    expect(refused("plum-orbit-kettle-42")).toBeNull();
  });

  it("refuses passwords shorter than 12 or longer than 128 characters", () => {
    expect(refused("short-pw-1")).toMatch(/at least 12/);
    expect(refused("x".repeat(60) + "y".repeat(69))).toMatch(/at most 128/);
    expect(refused("a1b2c3d4e5f6")).toBeNull();
  });

  it("refuses one character repeated", () => {
    expect(refused("zzzzzzzzzzzzzzzz")).toMatch(/single character repeated/);
  });

  it("refuses passwords containing the email's local part, in any case", () => {
    expect(refused("my-ADA.LOVELACE-pw")).toMatch(/email/);
  });

  it("refuses very common passwords", () => {
    expect(refused("Password1234")).toMatch(/too common/);
    expect(refused("qwerty123456")).toMatch(/too common/);
  });

  it("lower-cases emails and refuses malformed ones naming the field", () => {
    expect(normalizeEmail("  Ada@Example.COM ")).toBe("ada@example.com");
    for (const bad of [
      "",
      "ada",
      "ada@",
      "@example.com",
      "ada@example",
      "a da@example.com",
      "ada@@example.com",
    ]) {
      expect(() => normalizeEmail(bad)).toThrow(ValidationError);
    }
  });
});

describe("signUp", () => {
  it("creates the user, password, organization, owner membership and audit event together", async () => {
    const result = await signUp(
      { db, context },
      {
        email: "Grace@Example.com",
        password: PASSWORD,
        name: " Grace  Hopper ",
        organizationName: "Navy Labs",
      },
    );
    expect(result.user).toMatchObject({ email: "grace@example.com", name: "Grace Hopper" });
    expect(result.organization).toMatchObject({ name: "Navy Labs", slug: "navy-labs" });

    const membership = await db.organizationMembership.findUniqueOrThrow({
      where: { organizationId_userId: { organizationId: result.organization.id, userId: result.user.id } },
    });
    expect(membership.role).toBe("ORGANIZATION_OWNER");
    const account = await db.account.findFirstOrThrow({ where: { userId: result.user.id } });
    expect(account.providerId).toBe("credential");
    expect(account.password).not.toContain(PASSWORD);

    const events = await db.auditEvent.findMany({ where: { organizationId: result.organization.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "organization.create",
      actorType: "USER",
      actorId: result.user.id,
    });
    expect(JSON.stringify(events)).not.toContain(PASSWORD);
    expect(await verifyAuditChain(db, result.organization.id)).toMatchObject({ ok: true });

    // The stored hash is what sign-in verifies.
    const session = await auth.signIn({ email: "grace@example.com", password: PASSWORD }, new Headers());
    expect(session?.user.id).toBe(result.user.id);
  });

  it("refuses a duplicate email (any case) and writes nothing", async () => {
    await signUp(
      { db, context },
      { email: "dup@example.com", password: PASSWORD, name: "First", organizationName: "First org" },
    );
    const before = await counts();
    const attempt = signUp(
      { db, context },
      { email: "DUP@example.com", password: PASSWORD, name: "Second", organizationName: "Second org" },
    );
    await expect(attempt).rejects.toBeInstanceOf(ConflictError);
    await expect(attempt).rejects.toMatchObject({ field: "email" });
    expect(await counts()).toEqual(before);
  });

  it("refuses concurrent sign-ups with one email: one wins, the other writes nothing", async () => {
    const before = await counts();
    const input = (n: number) => ({
      email: "race@example.com",
      password: PASSWORD,
      name: `Racer ${n}`,
      organizationName: `Race org ${n}`,
    });
    const results = await Promise.allSettled([
      signUp({ db, context }, input(1)),
      signUp({ db, context }, input(2)),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.find((r) => r.status === "rejected");
    expect(rejected?.status === "rejected" && rejected.reason).toBeInstanceOf(ConflictError);
    const after = await counts();
    expect(after.users - before.users).toBe(1);
    expect(after.organizations - before.organizations).toBe(1);
    expect(after.auditEvents - before.auditEvents).toBe(1);
  });

  it("refuses bad input field by field and writes nothing", async () => {
    const before = await counts();
    const base = { email: "bad@example.com", password: PASSWORD, name: "Bad", organizationName: "Bad org" };
    const cases: Array<[Partial<typeof base>, string]> = [
      [{ email: "not-an-email" }, "email"],
      [{ password: "short" }, "password"],
      [{ password: "bad@example.com-password" }, "password"],
      [{ name: "   " }, "name"],
      [{ organizationName: "x" }, "organizationName"],
      [{ organizationName: "y".repeat(81) }, "organizationName"],
    ];
    for (const [override, field] of cases) {
      const error = await signUp({ db, context }, { ...base, ...override }).catch((e: unknown) => e);
      expect(validationField(error), JSON.stringify(override)).toBe(field);
    }
    expect(await counts()).toEqual(before);
  });

  it("suffixes the organization slug when the name is taken", async () => {
    const make = (n: number) =>
      signUp(
        { db, context },
        { email: `slug${n}@example.com`, password: PASSWORD, name: "Slug", organizationName: "Acme Data" },
      );
    const first = await make(1);
    const second = await make(2);
    expect(first.organization.slug).toBe("acme-data");
    expect(second.organization.slug).toBe("acme-data-2");
  });

  it("limits sign-up attempts per ip", async () => {
    const rateLimiter = createAuthRateLimiter(redis, {
      prefix: `${prefix}-signup`,
      limits: { signUpAttemptsPerIp: { points: 2, durationSeconds: 60 } },
    });
    const attempt = () =>
      signUp(
        { db, context: { ...EMPTY_CONTEXT, ip: "192.0.2.50" }, rateLimiter },
        { email: "x", password: "x", name: "x", organizationName: "x" },
      );
    await expect(attempt()).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt()).rejects.toBeInstanceOf(ValidationError);
    await expect(attempt()).rejects.toBeInstanceOf(RateLimitedError);
  });
});

describe("signIn", () => {
  it("answers an unknown email and a wrong password with the same error", async () => {
    await signUp(
      { db, context },
      { email: "signin@example.com", password: PASSWORD, name: "Signer", organizationName: "Sign org" },
    );
    const rateLimiter = createAuthRateLimiter(redis, { prefix: `${prefix}-same` });
    const wrongPassword = await signIn(
      { auth, rateLimiter },
      { email: "signin@example.com", password: "wrong-password-123" },
      context,
      new Headers(),
    ).catch((e: unknown) => e);
    const unknownEmail = await signIn(
      { auth, rateLimiter },
      { email: "nobody@example.com", password: PASSWORD },
      context,
      new Headers(),
    ).catch((e: unknown) => e);
    expect(wrongPassword).toBeInstanceOf(UnauthenticatedError);
    expect(unknownEmail).toBeInstanceOf(UnauthenticatedError);
    expect((wrongPassword as Error).message).toBe((unknownEmail as Error).message);

    const ok = await signIn(
      { auth, rateLimiter },
      { email: "SignIn@Example.com", password: PASSWORD },
      context,
      new Headers(),
    );
    expect(ok.setCookies.join(";")).toMatch(/HttpOnly/i);
  });

  it("locks an (email, ip) pair after 5 failures while other ips still get in", async () => {
    await signUp(
      { db, context },
      { email: "locked@example.com", password: PASSWORD, name: "Locked", organizationName: "Locked org" },
    );
    const rateLimiter = createAuthRateLimiter(redis, { prefix: `${prefix}-lock` });
    const from = signInFrom(rateLimiter, "locked@example.com", context);
    for (let i = 0; i < 5; i++)
      expect(await from("203.0.113.9", "wrong-password-xyz")).toBeInstanceOf(UnauthenticatedError);
    const blocked = await from("203.0.113.9", PASSWORD);
    expect(blocked).toBeInstanceOf(RateLimitedError);
    expect((blocked as RateLimitedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(await from("203.0.113.10", PASSWORD)).toMatchObject({ user: { email: "locked@example.com" } });
  });

  it("bounds failures per account across addresses, so rotating (spoofed) addresses does not help", async () => {
    const context = { ...EMPTY_CONTEXT, ip: "198.51.100.1" };
    await signUp(
      { db, context },
      { email: "target@example.com", password: PASSWORD, name: "Target", organizationName: "Target org" },
    );
    const rateLimiter = createAuthRateLimiter(redis, {
      prefix: `${prefix}-rotate`,
      limits: { signInFailuresPerEmail: { points: 6, durationSeconds: 60 } },
    });
    const from = signInFrom(rateLimiter, "target@example.com", context);
    // Six failures, each from a different address: no per-address limit is reached.
    for (let i = 0; i < 6; i++)
      expect(await from(`203.0.113.${100 + i}`, "wrong-password-xyz")).toBeInstanceOf(UnauthenticatedError);
    // The account is now protected from every address, even with the right password.
    expect(await from("203.0.113.200", PASSWORD)).toBeInstanceOf(RateLimitedError);
  });
});

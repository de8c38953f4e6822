import { createAuth, hashPassword } from "@skyport/auth";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db } = await createTestDatabase();
const auth = createAuth({
  db,
  secret: "auth-test-secret-0123456789abcdefghijklmnop",
  baseUrl: "http://localhost:3000",
});

async function createUser(email: string, password: string) {
  const user = await db.user.create({ data: { email, name: "Ada Lovelace" } });
  await db.account.create({
    data: {
      userId: user.id,
      providerId: "credential",
      accountId: user.id,
      password: await hashPassword(password),
    },
  });
  return user;
}

function cookieHeader(setCookies: string[]): Headers {
  return new Headers({ cookie: setCookies.map((c) => c.split(";")[0]).join("; ") });
}

describe("local accounts", () => {
  it("signs in with the right password, resolves the session from the cookie, and signs out", async () => {
    const user = await createUser("ada@example.test", "correct horse battery staple");
    const result = await auth.signIn(
      { email: "ada@example.test", password: "correct horse battery staple" },
      new Headers(),
    );
    expect(result?.user).toEqual({ id: user.id, email: "ada@example.test", name: "Ada Lovelace" });
    const cookie = result?.setCookies.find((c) => c.startsWith("skyport.session_token="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const headers = cookieHeader(result?.setCookies ?? []);
    expect(await auth.getSessionUser(headers)).toMatchObject({ id: user.id });
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);

    await auth.signOut(headers);
    expect(await auth.getSessionUser(headers)).toBeNull();
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    await createUser("grace@example.test", "another long password");
    expect(
      await auth.signIn({ email: "grace@example.test", password: "wrong password!!" }, new Headers()),
    ).toBeNull();
    expect(
      await auth.signIn({ email: "nobody@example.test", password: "whatever password" }, new Headers()),
    ).toBeNull();
  });

  it("stores a scrypt hash, never the password", async () => {
    const user = await createUser("hopper@example.test", "plain text must not be stored");
    const account = await db.account.findFirstOrThrow({ where: { userId: user.id } });
    expect(account.password).not.toContain("plain text");
    expect(account.password).toMatch(/^[0-9a-f]+:[0-9a-f]+$/);
  });

  it("ignores forged or missing session cookies", async () => {
    expect(await auth.getSessionUser(new Headers())).toBeNull();
    expect(
      await auth.getSessionUser(new Headers({ cookie: "skyport.session_token=forged.value" })),
    ).toBeNull();
  });
});

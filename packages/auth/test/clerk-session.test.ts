// Clerk mode's session seam. Clerk's servers are out of reach in tests, so session tokens
// are minted here with our own RSA key and @clerk/backend verifies them against its public
// half (CLERK_JWT_KEY, Clerk's networkless verification): the real verification code runs.
import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { createClerkSessionResolver, skyportUserForClerkSession } from "@skyport/auth";
import { createTestDatabase } from "@skyport/testing";
import { describe, expect, it } from "vitest";

const { db } = await createTestDatabase();

const BASE_URL = "http://localhost:3000";
const instanceKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const strangerKey = generateKeyPairSync("rsa", { modulusLength: 2048 });

const resolver = createClerkSessionResolver({
  db,
  // A production instance: its cookies need no development-browser handshake.
  secretKey: "sk_live_skyportsessiontest0123456789",
  publishableKey: `pk_live_${Buffer.from("clerk.skyport.test$").toString("base64")}`,
  jwtKey: instanceKey.publicKey.export({ type: "spki", format: "pem" }).toString(),
  baseUrl: BASE_URL,
});

function sessionToken(claims: Record<string, unknown>, key: KeyObject = instanceKey.privateKey): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const signingInput = `${encode({ alg: "RS256", typ: "JWT", kid: "ins_skyport_test" })}.${encode(claims)}`;
  return `${signingInput}.${createSign("RSA-SHA256").update(signingInput).sign(key).toString("base64url")}`;
}

function claimsFor(clerkUserId: string, overrides: Record<string, unknown> = {}) {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: clerkUserId,
    sid: "sess_test",
    iss: "https://clerk.skyport.test",
    azp: BASE_URL,
    iat: now - 5,
    nbf: now - 10,
    exp: now + 60,
    ...overrides,
  };
}

/** A browser request carrying Clerk's cookies: the session token and the client's last sign-in time. */
function browserHeaders(token: string, extra: Record<string, string> = {}): Headers {
  const clientUat = Math.floor(Date.now() / 1000) - 60;
  return new Headers({ cookie: `__session=${token}; __client_uat=${clientUat}`, ...extra });
}

const ada = await db.user.create({
  data: { email: "ada@example.com", name: "Ada Lovelace", clerkUserId: "user_ada" },
});

describe("Clerk session resolution", () => {
  it("resolves a verified Clerk session to the mirrored Skyport user", async () => {
    expect(await resolver.getSessionUser(browserHeaders(sessionToken(claimsFor("user_ada"))))).toEqual({
      id: ada.id,
      email: "ada@example.com",
      name: "Ada Lovelace",
    });
  });

  it("answers null for a Clerk user the webhook has not mirrored yet", async () => {
    expect(await resolver.getSessionUser(browserHeaders(sessionToken(claimsFor("user_unknown"))))).toBeNull();
  });

  it("refuses tokens it should not trust", async () => {
    const now = Math.floor(Date.now() / 1000);
    const refused = {
      "signed by another key": sessionToken(claimsFor("user_ada"), strangerKey.privateKey),
      expired: sessionToken(claimsFor("user_ada", { iat: now - 600, nbf: now - 600, exp: now - 300 })),
      "issued to another origin": sessionToken(claimsFor("user_ada", { azp: "https://evil.example" })),
    };
    for (const [why, token] of Object.entries(refused)) {
      expect(await resolver.getSessionUser(browserHeaders(token)), why).toBeNull();
    }
  });

  it("answers null without Clerk cookies, and ignores bearer credentials (those are API tokens)", async () => {
    expect(await resolver.getSessionUser(new Headers())).toBeNull();
    const token = sessionToken(claimsFor("user_ada"));
    expect(await resolver.getSessionUser(new Headers({ authorization: `Bearer ${token}` }))).toBeNull();
  });

  it("maps claims to users by Clerk user id only", async () => {
    expect(await skyportUserForClerkSession(db, { userId: "user_ada" })).toMatchObject({ id: ada.id });
    expect(await skyportUserForClerkSession(db, { userId: null })).toBeNull();
    expect(await skyportUserForClerkSession(db, { userId: ada.id })).toBeNull();
  });
});

import { generateKeyPairSync } from "node:crypto";
import { clerkSettings, identityMode, launcherEnvSchema, parseConfig, webEnvSchema } from "@skyport/config";
import { describe, expect, it } from "vitest";
import { validEnv as base, expectHalfConfigured, issuesOf } from "./support.ts";

const clerk = {
  CLERK_SECRET_KEY: "sk_test_abcdefghijklmnopqrstuvwxyz0123456789",
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_test_${Buffer.from("clerk.skyport.example$").toString("base64")}`,
  CLERK_WEBHOOK_SIGNING_SECRET: `whsec_${Buffer.alloc(24, 7).toString("base64")}`,
};

describe("Clerk configuration group", () => {
  it("defaults to local accounts when no Clerk variable is set", () => {
    const config = parseConfig("web", webEnvSchema, base);
    expect(identityMode(config)).toBe("local");
    expect(clerkSettings(config)).toBeNull();
  });

  it("switches to Clerk mode when the three variables are set", () => {
    const config = parseConfig("web", webEnvSchema, { ...base, ...clerk });
    expect(identityMode(config)).toBe("clerk");
    expect(clerkSettings(config)).toEqual({
      secretKey: clerk.CLERK_SECRET_KEY,
      publishableKey: clerk.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
      webhookSigningSecret: clerk.CLERK_WEBHOOK_SIGNING_SECRET,
      jwtKey: null,
    });
  });

  it("names each missing variable of a half-configured group", () => {
    // Names CLERK_WEBHOOK_SIGNING_SECRET and NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY; the secret key's
    // value never reaches the message.
    expectHalfConfigured(clerk, "CLERK_SECRET_KEY", "is required in Clerk mode (CLERK_SECRET_KEY is set)");
  });

  it("names the missing Clerk variable alongside other missing settings", () => {
    const { CLERK_WEBHOOK_SIGNING_SECRET: _omitted, ...twoOfThree } = clerk;
    const issues = issuesOf(() => parseConfig("web", webEnvSchema, twoOfThree));
    expect(issues.map((i) => i.variable).sort()).toEqual([
      "CLERK_WEBHOOK_SIGNING_SECRET",
      "DATABASE_URL",
      "REDIS_URL",
      "SKYPORT_KEK",
      "SKYPORT_SECRET",
    ]);
  });

  it("refuses malformed keys, naming each and echoing none", () => {
    const issues = issuesOf(() =>
      parseConfig("web", webEnvSchema, {
        ...base,
        CLERK_SECRET_KEY: "not-a-key-s3cr3t",
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: "pk_test_!!!",
        CLERK_WEBHOOK_SIGNING_SECRET: "s3cr3t-without-prefix",
      }),
    );
    expect(issues.map((i) => i.variable).sort()).toEqual([
      "CLERK_SECRET_KEY",
      "CLERK_WEBHOOK_SIGNING_SECRET",
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
    ]);
    expect(JSON.stringify(issues)).not.toContain("s3cr3t");
  });

  it("refuses keys from different instance types", () => {
    const issues = issuesOf(() =>
      parseConfig("web", webEnvSchema, {
        ...base,
        ...clerk,
        CLERK_SECRET_KEY: "sk_live_abcdefghijklmnopqrstuvwxyz0123456789",
      }),
    );
    expect(issues).toEqual([
      {
        variable: "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
        message: expect.stringContaining("same Clerk instance"),
      },
    ]);
  });

  it("accepts an optional JWT public key in Clerk mode only", () => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .publicKey.export({ type: "spki", format: "pem" })
      .toString();
    const config = parseConfig("web", webEnvSchema, { ...base, ...clerk, CLERK_JWT_KEY: pem });
    expect(clerkSettings(config)?.jwtKey).toBe(pem);
    const issues = issuesOf(() => parseConfig("web", webEnvSchema, { ...base, CLERK_JWT_KEY: pem }));
    expect(issues).toEqual([
      { variable: "CLERK_JWT_KEY", message: expect.stringContaining("only used in Clerk mode") },
    ]);
  });

  it("applies the same rule to `npm start`", () => {
    const issues = issuesOf(() =>
      parseConfig("skyport start", launcherEnvSchema, {
        CLERK_WEBHOOK_SIGNING_SECRET: clerk.CLERK_WEBHOOK_SIGNING_SECRET,
      }),
    );
    expect(issues.map((i) => i.variable).sort()).toEqual([
      "CLERK_SECRET_KEY",
      "NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY",
    ]);
    expect(identityMode(parseConfig("skyport start", launcherEnvSchema, clerk))).toBe("clerk");
  });
});

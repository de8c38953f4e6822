import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  billingSettings,
  loadBillingPlans,
  parseConfig,
  webEnvSchema,
  workerEnvSchema,
} from "@skyport/config";
import { describe, expect, it } from "vitest";
import { validEnv as base, expectHalfConfigured, issuesOf } from "./support.ts";

const stripe = {
  SKYPORT_STRIPE_SECRET_KEY: "sk_test_billingconfig0123456789",
  SKYPORT_STRIPE_WEBHOOK_SECRET: "whsec_billingconfigsecret0123456789",
  SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_test_billingconfig0123456789",
};

describe("Stripe billing configuration group", () => {
  it("is off when no Stripe variable is set", () => {
    expect(billingSettings(parseConfig("web", webEnvSchema, base))).toBeNull();
  });

  it("is on with the three variables, pointing at Stripe unless an API URL is given", () => {
    expect(billingSettings(parseConfig("worker", workerEnvSchema, { ...base, ...stripe }))).toEqual({
      secretKey: stripe.SKYPORT_STRIPE_SECRET_KEY,
      webhookSecret: stripe.SKYPORT_STRIPE_WEBHOOK_SECRET,
      publishableKey: stripe.SKYPORT_STRIPE_PUBLISHABLE_KEY,
      apiUrl: null,
      plansFile: null,
    });
    const local = parseConfig("web", webEnvSchema, {
      ...base,
      ...stripe,
      SKYPORT_STRIPE_API_URL: "http://127.0.0.1:12111",
    });
    expect(billingSettings(local)?.apiUrl).toBe("http://127.0.0.1:12111");
  });

  it("names each missing variable of a half-configured group, echoing no secret", () => {
    // Names SKYPORT_STRIPE_PUBLISHABLE_KEY and SKYPORT_STRIPE_WEBHOOK_SECRET.
    const why = "is required when billing is on (SKYPORT_STRIPE_SECRET_KEY is set)";
    expectHalfConfigured(stripe, "SKYPORT_STRIPE_SECRET_KEY", why);
  });

  it("refuses an API URL without the keys, and test and live keys mixed", () => {
    const lone = issuesOf(() =>
      parseConfig("web", webEnvSchema, { ...base, SKYPORT_STRIPE_API_URL: "http://x:1" }),
    );
    expect(lone).toEqual([
      {
        variable: "SKYPORT_STRIPE_API_URL",
        message: expect.stringContaining("is only used when billing is on"),
      },
    ]);
    const mixed = issuesOf(() =>
      parseConfig("web", webEnvSchema, {
        ...base,
        ...stripe,
        SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_live_abc123",
      }),
    );
    expect(mixed.map((i) => i.variable)).toEqual(["SKYPORT_STRIPE_PUBLISHABLE_KEY"]);
  });
});

describe("billing plans file", () => {
  it("ships Developer, Team, Business and Enterprise with nine meters", () => {
    const plans = loadBillingPlans();
    expect(plans.plans.map((p) => [p.key, p.checkout, p.basePrice?.monthlyCents ?? null])).toEqual([
      ["developer", true, null],
      ["team", true, 50000],
      ["business", true, 200000],
      ["enterprise", false, null],
    ]);
    expect(plans.meters).toHaveLength(9);
  });

  it("names the field of a plan that points at an unknown feature", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "plans-"));
    const file = path.join(dir, "plans.json");
    const doc = loadBillingPlans();
    doc.plans[0]?.features.push("teleportation");
    writeFileSync(file, JSON.stringify(doc));
    expect(() => loadBillingPlans(file)).toThrow("plans.0.features: names no feature (teleportation)");
  });
});

import { readFileSync } from "node:fs";
import { z } from "zod";
import defaultPlansDocument from "../billing/plans.json" with { type: "json" };

/**
 * Plans, prices, meters and plan features as configuration (packages/config/billing/plans.json,
 * or SKYPORT_BILLING_PLANS_FILE). `npm run billing:seed` creates them in Stripe; the domain
 * reads plan limits from Stripe's active entitlements, translated through `features` here.
 */
const SIZE = z.enum(["S", "M", "L"]);
const KEY = z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, "must be a lower-case key (letters, digits, _)");
const cents = z.number().int().nonnegative();

const grantsSchema = z
  .object({
    maxDeployments: z.number().int().positive().nullable(),
    schedulerSizes: z.array(SIZE).min(1),
    highAvailability: z.boolean(),
    maxWorkersPerQueue: z.number().int().positive().nullable(),
    features: z.array(z.enum(["sso", "audit_export", "alert_channels"])),
  })
  .partial();

export const billingPlansSchema = z
  .object({
    currency: z.string().regex(/^[a-z]{3}$/, "must be an ISO currency code in lower case"),
    trial: z.object({ days: z.number().int().min(1).max(730), creditCents: cents, plan: KEY }),
    meters: z
      .array(
        z.object({
          key: KEY,
          displayName: z.string().min(1).max(250),
          component: z.enum(["deployment", "worker"]),
          size: SIZE,
          highAvailability: z.boolean(),
        }),
      )
      .min(1),
    features: z.array(z.object({ key: KEY, name: z.string().min(1).max(80), grants: grantsSchema })),
    plans: z
      .array(
        z.object({
          key: KEY,
          name: z.string().min(1),
          description: z.string(),
          checkout: z.boolean(),
          contact: z.string().optional(),
          basePrice: z.object({ monthlyCents: cents }).nullable(),
          features: z.array(KEY),
          hourlyCents: z.record(KEY, cents),
        }),
      )
      .min(1),
  })
  .superRefine((doc, ctx) => {
    const meters = new Set(doc.meters.map((m) => m.key));
    const features = new Set(doc.features.map((f) => f.key));
    const plans = new Set(doc.plans.map((p) => p.key));
    if (!plans.has(doc.trial.plan)) {
      ctx.addIssue({ code: "custom", path: ["trial", "plan"], message: `names no plan (${doc.trial.plan})` });
    }
    doc.plans.forEach((plan, index) => {
      for (const feature of plan.features) {
        if (!features.has(feature)) {
          ctx.addIssue({
            code: "custom",
            path: ["plans", index, "features"],
            message: `names no feature (${feature})`,
          });
        }
      }
      for (const meter of Object.keys(plan.hourlyCents)) {
        if (!meters.has(meter)) {
          ctx.addIssue({
            code: "custom",
            path: ["plans", index, "hourlyCents"],
            message: `names no meter (${meter})`,
          });
        }
      }
    });
  });

export type BillingPlans = z.infer<typeof billingPlansSchema>;
export type BillingPlan = BillingPlans["plans"][number];
export type BillingMeter = BillingPlans["meters"][number];
export type FeatureGrants = z.infer<typeof grantsSchema>;

/** Reads and validates a plans document; a problem names the file and the field. */
export function loadBillingPlans(file: string | null = null): BillingPlans {
  const raw: unknown = file === null ? defaultPlansDocument : JSON.parse(readFileSync(file, "utf8"));
  const result = billingPlansSchema.safeParse(raw);
  if (result.success) return result.data;
  const issues = result.error.issues
    .map((i) => `  - ${i.path.join(".") || "(document)"}: ${i.message}`)
    .join("\n");
  throw new Error(`billing plans ${file ?? "packages/config/billing/plans.json"} are invalid:\n${issues}`);
}

/** Stripe lookup keys and event names derived from the configuration keys. */
export const stripeNames = {
  product: (planKey: string) => `skyport_plan_${planKey}`,
  basePrice: (planKey: string) => `skyport_${planKey}_base`,
  meteredPrice: (planKey: string, meterKey: string) => `skyport_${planKey}_${meterKey}`,
  meterEvent: (meterKey: string) => `skyport_${meterKey}`,
  feature: (featureKey: string) => `skyport_${featureKey}`,
};

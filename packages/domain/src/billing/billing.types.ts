import { z } from "zod";

const organizationId = z.string({ error: "organization is required" }).min(1, "organization is required");

export const billingOverviewInput = z.object({ organizationId });
export type BillingOverviewInput = z.infer<typeof billingOverviewInput>;

export const startCheckoutInput = z.object({
  organizationId,
  plan: z
    .string({ error: "plan is required" })
    .regex(/^[a-z][a-z0-9_]{1,40}$/, "plan must be a plan key such as team or business"),
});
export type StartCheckoutInput = z.infer<typeof startCheckoutInput>;

export const openPortalInput = z.object({ organizationId });
export type OpenPortalInput = z.infer<typeof openPortalInput>;

/** Where the person continues: Stripe's hosted Checkout or Customer Portal. */
export const billingRedirectView = z.object({ url: z.string(), expiresAt: z.date().nullable() });
export type BillingRedirect = z.infer<typeof billingRedirectView>;

const planLimitsView = z.object({
  maxDeployments: z.number().nullable(),
  schedulerSizes: z.array(z.string()),
  highAvailability: z.boolean(),
  maxWorkersPerQueue: z.number().nullable(),
  features: z.array(z.string()),
});

const moneyLine = z.object({
  description: z.string(),
  amountCents: z.number(),
  quantity: z.number().nullable(),
});

export const billingOverviewView = z.object({
  enabled: z.boolean(),
  /** Present only when billing is on. */
  currency: z.string().nullable(),
  plan: z.object({ key: z.string(), name: z.string() }).nullable(),
  status: z.string().nullable(),
  pastDueSince: z.date().nullable(),
  newDeploymentsBlocked: z.boolean(),
  currentPeriodStart: z.date().nullable(),
  currentPeriodEnd: z.date().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  limits: planLimitsView,
  plans: z.array(
    z.object({
      key: z.string(),
      name: z.string(),
      description: z.string(),
      monthlyCents: z.number().nullable(),
      checkout: z.boolean(),
      contact: z.string().nullable(),
    }),
  ),
  /** Usage so far this period, per meter (seconds measured by Skyport) and per day. */
  usage: z.array(
    z.object({ meter: z.string(), name: z.string(), seconds: z.number(), sentSeconds: z.number() }),
  ),
  usageByDay: z.array(z.object({ day: z.string(), meter: z.string(), hours: z.number() })),
  upcomingInvoice: z
    .object({ totalCents: z.number(), periodEnd: z.date().nullable(), lines: z.array(moneyLine) })
    .nullable(),
  invoices: z.array(
    z.object({
      id: z.string(),
      status: z.string().nullable(),
      totalCents: z.number(),
      created: z.date(),
      url: z.string().nullable(),
      pdf: z.string().nullable(),
    }),
  ),
  /** The trial's credit (a Stripe credit grant on usage): granted, left now, when it expires. */
  trialCredit: z
    .object({ grantedCents: z.number(), remainingCents: z.number(), expiresAt: z.date().nullable() })
    .nullable(),
});
export type BillingOverview = z.infer<typeof billingOverviewView>;

// `skyport billing show|checkout|portal`: the organization's plan, limits, usage so far and
// upcoming invoice; Stripe Checkout to change plan; the Stripe customer portal.
import type { Command } from "commander";
import { ok } from "../../api/client.ts";
import type { CliContext } from "../../context.ts";
import { defineCommand, defineGroup } from "../../options.ts";
import { inOrganization, note, print, shortTime } from "../shared.ts";

const money = (cents: number | null | undefined, currency: string | null) =>
  cents === null || cents === undefined
    ? ""
    : `${(cents / 100).toFixed(2)} ${(currency ?? "").toUpperCase()}`;
const limit = (value: number | null) => (value === null ? "unlimited" : String(value));

export function registerBillingCommands(program: Command, context: CliContext): void {
  const billing = defineGroup(program, "billing", "the organization's plan, usage and invoices (Stripe)");

  defineCommand(billing, "show", "show the plan, limits, usage so far and the upcoming invoice", {
    prints: true,
  }).action(
    inOrganization(context, async (session, organizationId) => {
      const overview = await ok(
        session.api.GET("/organizations/{organizationId}/billing", {
          params: { path: { organizationId } },
        }),
      );
      if (!overview.enabled) note(session, "Billing is off on this Skyport: nothing is metered or limited.");
      const hours = overview.usage.map((u) => `${u.name}: ${(u.seconds / 3600).toFixed(2)} h`).join("; ");
      print(session, {
        data: overview,
        details: [
          { label: "Billing", value: overview.enabled ? "on" : "off" },
          { label: "Plan", value: overview.plan?.name ?? (overview.enabled ? "none (trial limits)" : "") },
          { label: "Status", value: overview.status ?? "" },
          { label: "Past due since", value: shortTime(overview.pastDueSince) },
          { label: "Period ends", value: shortTime(overview.currentPeriodEnd) },
          { label: "Deployments", value: limit(overview.limits.maxDeployments) },
          { label: "Scheduler sizes", value: overview.limits.schedulerSizes.join(", ") },
          { label: "High availability", value: overview.limits.highAvailability ? "yes" : "no" },
          { label: "Workers per queue", value: limit(overview.limits.maxWorkersPerQueue) },
          {
            label: "Trial credit",
            value: overview.trialCredit
              ? `${money(overview.trialCredit.remainingCents, overview.currency)} left of ${money(overview.trialCredit.grantedCents, overview.currency)}`
              : "",
          },
          { label: "Usage this period", value: hours },
          {
            label: "Upcoming invoice",
            value: money(overview.upcomingInvoice?.totalCents, overview.currency),
          },
          { label: "Invoices", value: String(overview.invoices.length) },
        ],
      });
    }),
  );

  defineCommand(
    billing,
    "checkout <PLAN>",
    "start a Stripe Checkout for a plan (developer, team, business)",
    {
      prints: true,
    },
  ).action(
    inOrganization(context, async (session, organizationId, plan: string) => {
      const redirect = await ok(
        session.api.POST("/organizations/{organizationId}/billing/checkout", {
          params: { path: { organizationId } },
          body: { plan },
        }),
      );
      note(session, "Open this URL to pay and start the plan:");
      print(session, { data: redirect, details: [{ label: "Checkout", value: redirect.url }] });
    }),
  );

  defineCommand(
    billing,
    "portal",
    "open the Stripe customer portal (payment methods, plan changes, cancel)",
    {
      prints: true,
    },
  ).action(
    inOrganization(context, async (session, organizationId) => {
      const redirect = await ok(
        session.api.POST("/organizations/{organizationId}/billing/portal", {
          params: { path: { organizationId } },
          body: {},
        }),
      );
      print(session, { data: redirect, details: [{ label: "Portal", value: redirect.url }] });
    }),
  );
}

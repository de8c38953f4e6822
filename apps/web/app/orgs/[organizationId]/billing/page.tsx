import { DescriptionList, EmptyState, Notice, Table, TBody, Td, THead, Th, Tr } from "@skyport/ui";
import type { Metadata } from "next";
import { BillingRedirectButton, UsageChart } from "@/components/billing/billing-actions.tsx";
import { PageHeader, Section } from "@/components/page-header.tsx";
import { RefusedPage } from "@/components/refused-page.tsx";
import { getServerCaller, loadUnlessRefused, REFUSED } from "@/server/trpc/server-caller.ts";

export const metadata: Metadata = { title: "Billing" };

const money = (cents: number, currency: string | null) =>
  new Intl.NumberFormat("en", { style: "currency", currency: (currency ?? "usd").toUpperCase() }).format(
    cents / 100,
  );
const day = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : "—");
const limit = (value: number | null) => (value === null ? "Unlimited" : String(value));

/**
 * The organization's plan, limits, usage so far this period, the upcoming invoice and past
 * invoices; upgrade through Stripe Checkout, manage through the customer portal. Owners and
 * billing admins only; "billing is off" when Stripe is not configured.
 */
export default async function BillingPage({ params }: { params: Promise<{ organizationId: string }> }) {
  const { organizationId } = await params;
  const caller = await getServerCaller();
  const overview = await loadUnlessRefused(caller.billing.overview({ organizationId }));
  if (overview === REFUSED) {
    return (
      <RefusedPage
        header="Billing"
        reason="Only organization owners and billing admins can see billing"
        message="Ask an owner of this organization for the ORGANIZATION_BILLING_ADMIN role."
      />
    );
  }
  if (!overview.enabled) {
    return (
      <div className="space-y-6">
        <PageHeader title="Billing" />
        <Notice tone="info" title="Billing is off" role="status">
          <p>
            This Skyport has no Stripe configuration: nothing is metered and no plan limits apply. Set
            SKYPORT_STRIPE_SECRET_KEY, SKYPORT_STRIPE_WEBHOOK_SECRET and SKYPORT_STRIPE_PUBLISHABLE_KEY to
            turn it on.
          </p>
        </Notice>
      </div>
    );
  }
  const { currency } = overview;
  return (
    <div className="space-y-6">
      <PageHeader
        title="Billing"
        description="Usage is measured per second and billed per hour through Stripe."
        actions={
          <BillingRedirectButton
            organizationId={organizationId}
            label="Manage payment and plan"
            variant="secondary"
          />
        }
      />
      {overview.pastDueSince ? (
        <Notice
          tone={overview.newDeploymentsBlocked ? "danger" : "warning"}
          title="Payment is past due"
          role="alert"
        >
          <p>
            Since {day(overview.pastDueSince)}.{" "}
            {overview.newDeploymentsBlocked
              ? "New deployments are paused until the invoice is paid; running deployments are not affected."
              : "Update the payment method before new deployments are paused; nothing running is stopped."}
          </p>
        </Notice>
      ) : null}

      <Section id="plan-heading" title="Plan">
        <div className="px-5 py-4">
          <DescriptionList
            items={[
              { term: "Plan", detail: overview.plan?.name ?? "None yet (trial limits)" },
              { term: "Status", detail: overview.status ?? "—" },
              {
                term: "Period",
                detail: `${day(overview.currentPeriodStart)} – ${day(overview.currentPeriodEnd)}`,
              },
              { term: "Deployments", detail: limit(overview.limits.maxDeployments) },
              { term: "Scheduler sizes", detail: overview.limits.schedulerSizes.join(", ") },
              {
                term: "High availability",
                detail: overview.limits.highAvailability ? "Included" : "Not included",
              },
              { term: "Workers per queue", detail: limit(overview.limits.maxWorkersPerQueue) },
              ...(overview.trialCredit
                ? [
                    {
                      term: "Trial credit",
                      detail: `${money(overview.trialCredit.remainingCents, currency)} of trial credit left (of ${money(
                        overview.trialCredit.grantedCents,
                        currency,
                      )}${overview.trialCredit.expiresAt ? `, until ${day(overview.trialCredit.expiresAt)}` : ""})`,
                    },
                  ]
                : []),
            ]}
          />
        </div>
      </Section>

      <Section id="plans-heading" title="Plans">
        <ul className="grid gap-4 px-5 py-4 sm:grid-cols-2">
          {overview.plans.map((plan) => (
            <li key={plan.key} className="rounded-lg border border-line p-4">
              <p className="font-semibold text-fg">{plan.name}</p>
              <p className="text-sm text-fg-muted">{plan.description}</p>
              <p className="mt-1 text-sm">
                {plan.monthlyCents !== null
                  ? `${money(plan.monthlyCents, currency)} / month + usage`
                  : "Usage only"}
              </p>
              <div className="mt-3">
                {plan.key === overview.plan?.key ? (
                  <span className="text-sm text-fg-muted">Current plan</span>
                ) : overview.plan && plan.checkout ? (
                  // One subscription per organization: a subscriber changes plan in Stripe's portal.
                  <span className="text-sm text-fg-muted">Switch with “Manage payment and plan”</span>
                ) : plan.checkout ? (
                  <BillingRedirectButton
                    organizationId={organizationId}
                    plan={plan.key}
                    label={`Upgrade to ${plan.name}`}
                  />
                ) : plan.contact ? (
                  <a className="text-sm text-sky-700 underline" href={plan.contact}>
                    Contact sales
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Section>

      <Section
        id="usage-heading"
        title="Usage this period"
        description="Hours per day, per meter, as Skyport measured them."
      >
        {overview.usageByDay.length === 0 ? (
          <EmptyState title="No usage yet">Deployments and workers are metered while they run.</EmptyState>
        ) : (
          <div className="px-5 py-4">
            <UsageChart usage={overview.usageByDay} />
          </div>
        )}
      </Section>

      <Section id="upcoming-heading" title="Upcoming invoice">
        {overview.upcomingInvoice ? (
          <Table>
            <THead>
              <Tr>
                <Th>Line</Th>
                <Th>Amount</Th>
              </Tr>
            </THead>
            <TBody>
              {overview.upcomingInvoice.lines.map((line) => (
                <Tr key={line.description}>
                  <Td>{line.description}</Td>
                  <Td>{money(line.amountCents, currency)}</Td>
                </Tr>
              ))}
              <Tr>
                <Td>Total</Td>
                <Td>{money(overview.upcomingInvoice.totalCents, currency)}</Td>
              </Tr>
            </TBody>
          </Table>
        ) : (
          <EmptyState title="No upcoming invoice">Start a plan to see its next invoice here.</EmptyState>
        )}
      </Section>

      <Section id="invoices-heading" title="Invoices">
        {overview.invoices.length === 0 ? (
          <EmptyState title="No invoices yet" />
        ) : (
          <Table>
            <THead>
              <Tr>
                <Th>Date</Th>
                <Th>Status</Th>
                <Th>Total</Th>
                <Th>Links</Th>
              </Tr>
            </THead>
            <TBody>
              {overview.invoices.map((invoice) => (
                <Tr key={invoice.id}>
                  <Td>{day(invoice.created)}</Td>
                  <Td>{invoice.status ?? "—"}</Td>
                  <Td>{money(invoice.totalCents, currency)}</Td>
                  <Td>
                    {invoice.url ? (
                      <a className="text-sky-700 underline" href={invoice.url}>
                        View
                      </a>
                    ) : null}{" "}
                    {invoice.pdf ? (
                      <a className="text-sky-700 underline" href={invoice.pdf}>
                        PDF
                      </a>
                    ) : null}
                  </Td>
                </Tr>
              ))}
            </TBody>
          </Table>
        )}
      </Section>
    </div>
  );
}

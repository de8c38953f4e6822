// Billing in a real browser against the real `npm start` stack, billing on with the local Stripe
// stand-in (seeded with the plans file; its signed webhooks go to the stack's
// /api/webhooks/stripe): the owner opens Billing and sees the trial limits, upgrades to Team,
// pays on the stand-in's hosted Checkout page, comes back, and — once the webhook's sync job has
// run in the worker — sees the Team plan active with its trial credit; a large scheduler the
// trial refused (402) is then accepted. Screenshots go to /tmp/billing-*.png.
import { loadBillingPlans } from "@skyport/config";
import { createStripeClient, seedStripeCatalog } from "@skyport/domain";
import { startLocalStripe } from "@skyport/testing/stripe";
import type { Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import * as journey from "../src/browser-journey.ts";

const local = await startLocalStripe();
afterAll(() => local.close());
await seedStripeCatalog(
  createStripeClient({ secretKey: local.secretKey, apiUrl: local.url }),
  loadBillingPlans(),
);

const e2e = journey.useBrowserStack("billing", (baseUrl) => ({
  // Checkout's success URL comes back to the console the browser is signed in to.
  SKYPORT_PUBLIC_URL: baseUrl,
  SKYPORT_STRIPE_SECRET_KEY: local.secretKey,
  SKYPORT_STRIPE_WEBHOOK_SECRET: local.webhookSecret,
  SKYPORT_STRIPE_PUBLISHABLE_KEY: "pk_test_local",
  SKYPORT_STRIPE_API_URL: local.url,
}));

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/billing-${name}.png`, fullPage: true });
}

/** The Plan section's detail for a term ("Plan", "Scheduler sizes", ...). */
function detail(page: Page, term: string) {
  return page.locator("dt", { hasText: new RegExp(`^${term}$`) }).locator("xpath=following-sibling::dd[1]");
}

describe("billing in Chromium", () => {
  it("trial limits → Checkout → webhook → Team active → a large scheduler allowed", async () => {
    local.webhook = `${e2e.stack.baseUrl}/api/webhooks/stripe`;
    const page = await e2e.browser.newPage();
    const organizationUrl = await journey.signUpAda(page, e2e.stack.baseUrl);
    const organizationId = new URL(organizationUrl).pathname.split("/")[2] ?? "";

    await page.goto(`${organizationUrl}/billing`);
    await journey.settled(page);
    await expect(detail(page, "Plan").textContent()).resolves.toBe("None yet (trial limits)");
    await expect(detail(page, "Scheduler sizes").textContent()).resolves.toBe("S, M");
    await shot(page, "trial");

    // On trial limits a large scheduler is refused with 402, naming the plan that lifts it.
    const workspace = await page.request.post(
      `${e2e.stack.baseUrl}/api/v1/organizations/${organizationId}/workspaces`,
      { data: { name: "Analytics" } },
    );
    expect(workspace.status()).toBe(201);
    const workspaceId = ((await workspace.json()) as { id: string }).id;
    const large = (name: string) =>
      page.request.post(`${e2e.stack.baseUrl}/api/v1/organizations/${organizationId}/deployments`, {
        data: {
          workspaceId,
          name,
          spec: { runtimeVersion: "3.3.1", executor: "CELERY", schedulerSize: "L" },
        },
      });
    const refused = await large("big-refused");
    expect(refused.status()).toBe(402);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      "upgrade to Team",
    );

    // Upgrade → the stand-in's hosted Checkout page → pay → back on the Billing page.
    await page.getByRole("button", { name: "Upgrade to Team" }).click();
    await page.waitForURL(`${local.url}/test/checkout/**`);
    await page.getByRole("heading", { name: "Subscribe to the team plan" }).waitFor();
    await shot(page, "checkout");
    await page.getByRole("button", { name: "Pay and subscribe" }).click();
    await page.waitForURL(`${organizationUrl}/billing?checkout=done`);

    // The webhook was accepted and its sync job ran in the worker: the plan is Team.
    await expect
      .poll(
        async () => {
          await page.reload();
          await journey.settled(page);
          return detail(page, "Plan").textContent();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe("Team");
    expect(local.deliveries.filter((d) => d.status === 200).length).toBeGreaterThan(0);
    await expect(detail(page, "Status").textContent()).resolves.toBe("trialing");
    await expect(detail(page, "Scheduler sizes").textContent()).resolves.toBe("S, M, L");
    await expect(detail(page, "Trial credit").textContent()).resolves.toMatch(
      /^\$300\.00 of trial credit left \(of \$300\.00, until \d{4}-\d{2}-\d{2}\)$/,
    );
    // Team is the current plan; a subscriber is sent to the portal, not to a second Checkout.
    const plans = page.getByRole("region", { name: "Plans" });
    await plans.getByRole("listitem").filter({ hasText: "Team" }).getByText("Current plan").waitFor();
    await expect(plans.getByRole("button", { name: /^Upgrade to / }).count()).resolves.toBe(0);
    await shot(page, "team");

    // The entitlement is enforced the other way now: the large scheduler is accepted.
    const allowed = await large("big");
    expect(allowed.status()).toBe(201);
  });
});

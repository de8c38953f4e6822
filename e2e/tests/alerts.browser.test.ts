// Alerts in a real browser against the real `npm start` stack: an operator (the organization's
// owner) creates a Slack and an e-mail channel (every invalid field marked at once; the Slack
// webhook URL never shown again), sends the e-mail channel a test notification and sees it
// delivered, creates a DAG failure rule with the pattern builder and the channel picker, and
// finds both through the REST API. Reported runs become the pattern builder's suggestions and
// their failed run opens an incident whose timeline shows the e-mail notification; a duration
// rule is refused field by field, created, edited and disabled.
// The incident once never came: the recorded runs kept the time they were recorded, before the
// rule existed, and rules do not alert on the past. They are now sent as happening now, and the
// test waits on the incident's state in the REST API rather than on a page reload loop.
// A workspace member sees it all read-only. Screenshots go to /tmp/alerts-*.png.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as journey from "../src/browser-journey.ts";
import { reportRuns } from "../src/tour-telemetry.ts";

const e2e = journey.useBrowserStack("alerts");

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/alerts-${name}.png`, fullPage: true });
}

/** The ids of an element's invalid controls and the text of its announced errors. */
async function problems(page: Page) {
  const invalid = await page
    .locator('main [aria-invalid="true"]')
    .evaluateAll((nodes) => nodes.map((n) => n.id));
  const alerts = await page.locator('main [role="alert"]').allTextContents();
  return { invalid, alerts };
}

async function api<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(`${e2e.stack.baseUrl}/api/v1${path}`);
  expect(response.status(), path).toBe(200);
  return (await response.json()) as T;
}

interface ApiRule {
  id: string;
  name: string;
  type: string;
  severity: string;
  deploymentId: string | null;
  patterns: { entity: string; operator: string; values: string[] }[];
  properties: Record<string, unknown>;
  channelIds: string[];
  mutedUntil: string | null;
}

describe("alerts in Chromium", () => {
  it("channels, rules with telemetry suggestions, and a member's read-only view", async () => {
    const { page, open, organizationUrl, workspaceUrl, deploymentUrl } = await journey.adaWithDeployment(
      e2e,
      "alerts",
    );
    const [, organizationId, deploymentId] =
      new URL(deploymentUrl).pathname.match(/^\/orgs\/([^/]+)\/deployments\/([^/]+)$/) ?? [];

    // The deployment's Alerts tab has its rules, incidents and channels.
    await page.getByRole("link", { name: "Alerts", exact: true }).click();
    await page.waitForURL(`${deploymentUrl}/alerts`);
    await journey.settled(page);
    await page.getByRole("button", { name: "New notification channel" }).click();

    // An empty Slack channel: the name and the webhook URL are both marked, at once.
    await page.getByRole("button", { name: "Create channel" }).click();
    await page.locator("#new-channel-webhookUrl[aria-invalid='true']").waitFor();
    const empty = await problems(page);
    expect(empty.invalid).toEqual(["new-channel-name", "new-channel-webhookUrl"]);
    expect(empty.alerts).toHaveLength(2);
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("new-channel-name");

    const webhookUrl = `https://hooks.slack.test/services/${randomBytes(12).toString("hex")}`;
    await page.getByLabel("Name", { exact: true }).fill("ops-slack");
    await page.getByLabel("Slack incoming webhook URL").fill(webhookUrl);
    await page.getByRole("button", { name: "Create channel" }).click();
    await page.getByRole("row", { name: /ops-slack/ }).waitFor();
    // Created, the form is empty again: the secret is not kept in the page.
    await expect(page.getByLabel("Slack incoming webhook URL").inputValue()).resolves.toBe("");

    await page.getByLabel("Name", { exact: true }).fill("oncall-mail");
    await page.getByLabel("Kind").selectOption("EMAIL");
    await page.getByLabel("Recipients").fill("oncall@acme.test, data-team@acme.test");
    await page.getByRole("button", { name: "Create channel" }).click();
    const mailRow = page.getByRole("row", { name: /oncall-mail/ });
    await mailRow.waitFor();
    await mailRow.getByText("oncall@acme.test, data-team@acme.test").waitFor();

    // A test notification, and its result in the row.
    await mailRow.getByRole("button", { name: "Send a test notification to oncall-mail" }).click();
    await mailRow.getByRole("status").getByText("Delivered").waitFor({ timeout: 60_000 });
    await shot(page, "channels");

    // After a reload the Slack URL is nowhere in what the server sends, nor in the API.
    await page.reload();
    await journey.settled(page);
    expect(await journey.servedHtml(page)).not.toContain(webhookUrl);
    const channels = await api<{
      items: { id: string; name: string; kind: string; recipients: string[] | null }[];
    }>(page, `/organizations/${organizationId}/notification-channels?deploymentId=${deploymentId}`);
    expect(channels.items.map((channel) => [channel.name, channel.kind]).sort()).toEqual([
      ["oncall-mail", "EMAIL"],
      ["ops-slack", "SLACK"],
    ]);
    expect(JSON.stringify(channels)).not.toContain(webhookUrl);
    const mailChannelId = channels.items.find((channel) => channel.name === "oncall-mail")?.id;

    // A DAG failure rule for the skyport_* DAGs, notifying the e-mail channel.
    await page.getByRole("button", { name: "New alert rule" }).click();
    await page.locator("#new-rule-name").fill("skyport failures");
    await page.locator("#new-rule-severity").selectOption("CRITICAL");
    await page.getByRole("button", { name: "Add condition" }).click();
    await page.locator("#new-rule-pattern-0-operator").selectOption("IS");
    await page.locator("#new-rule-pattern-0-values").fill("skyport_*");
    await page.getByLabel("oncall-mail (EMAIL)").check();
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.getByRole("row", { name: /^skyport failures/ }).waitFor();

    const created = await api<{ items: ApiRule[] }>(
      page,
      `/organizations/${organizationId}/alerts?deploymentId=${deploymentId}`,
    );
    expect(created.items).toHaveLength(1);
    expect(created.items[0]).toMatchObject({
      name: "skyport failures",
      type: "DAG_FAILURE",
      severity: "CRITICAL",
      deploymentId,
      patterns: [{ entity: "DAG_ID", operator: "IS", values: ["skyport_*"] }],
      channelIds: [mailChannelId],
      mutedUntil: null,
    });

    // Runs reported by the runtime (as happening now): the pattern builder suggests their DAG
    // ids, and the failed run opens an incident whose timeline shows the e-mail notification.
    await reportRuns(page, e2e.stack.baseUrl, deploymentUrl, { retimeTo: new Date() });
    const incidentsPath = `/organizations/${organizationId}/deployments/${deploymentId}/incidents`;
    await expect
      .poll(async () => (await api<{ items: { dagId: string | null }[] }>(page, incidentsPath)).items, {
        timeout: 30_000,
        interval: 250,
      })
      .toEqual(expect.arrayContaining([expect.objectContaining({ dagId: "skyport_fail" })]));
    await page.goto(`${deploymentUrl}/alerts`);
    await journey.settled(page);
    await page.getByRole("table", { name: "Incidents" }).getByRole("link").first().click();
    await page.waitForURL(/\/alerts\/incidents\/[^/]+$/);
    const timeline = page.getByRole("list", { name: "Incident timeline" });
    await timeline.getByText("Opened").waitFor();
    await expect
      .poll(
        async () => {
          await page.reload();
          return timeline.getByText(/Notification to oncall-mail \(EMAIL\): attempt 1 delivered/).count();
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(1);
    await shot(page, "incident");
    await page.goto(`${deploymentUrl}/alerts`);
    await journey.settled(page);
    await page.getByRole("button", { name: "New alert rule" }).click();
    await page.locator("#new-rule-name").waitFor();
    const options = await page.locator("#new-rule-seen-dags option").all();
    const suggestions = await Promise.all(options.map((option) => option.getAttribute("value")));
    expect(suggestions).toContain("skyport_retry");
    await shot(page, "rules");

    // A duration rule with neither name nor duration: both marked at once, focus on the first.
    await page.goto(`${deploymentUrl}/alerts`);
    await journey.settled(page);
    await page.getByRole("button", { name: "New alert rule" }).click();
    await page.locator("#new-rule-type").selectOption("DAG_DURATION");
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.locator("#new-rule-durationSeconds[aria-invalid='true']").waitFor();
    const refused = await problems(page);
    expect(refused.invalid).toEqual(["new-rule-name", "new-rule-durationSeconds"]);
    expect(refused.alerts.join(" ")).toMatch(/Longer than \(seconds\) must be a number of seconds/);
    expect(await page.evaluate<string | undefined>("document.activeElement?.id")).toBe("new-rule-name");
    await shot(page, "rule-errors");
    await page.locator("#new-rule-name").fill("orders slow");
    await page.locator("#new-rule-durationSeconds").fill("30");
    await page.getByRole("button", { name: "Create rule" }).click();
    await page
      .locator("#new-rule-durationSeconds-error")
      .getByText(/at least 60/)
      .waitFor();
    await page.locator("#new-rule-durationSeconds").fill("3600");
    await page.getByRole("button", { name: "Create rule" }).click();
    await page.getByRole("row", { name: /^orders slow/ }).waitFor();

    // Edit it, then disable it.
    await page.getByRole("button", { name: "Edit orders slow" }).click();
    const editForm = page.getByRole("region", { name: "Edit orders slow" });
    await editForm.getByLabel("Longer than (seconds)").fill("7200");
    await editForm.getByRole("button", { name: "Save rule" }).click();
    await editForm.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Disable orders slow" }).click();
    await page
      .getByRole("row", { name: /^orders slow/ })
      .getByText("Disabled")
      .waitFor();
    const rules = await api<{ items: ApiRule[] }>(
      page,
      `/organizations/${organizationId}/alerts?deploymentId=${deploymentId}`,
    );
    const slow = rules.items.find((rule) => rule.name === "orders slow");
    expect(slow?.properties).toEqual({ durationSeconds: 7200 });

    // A workspace member reads everything and is offered nothing to change.
    const member = await journey.graceJoinsWorkspace(
      e2e,
      page,
      { organizationUrl, workspaceUrl },
      "WORKSPACE_MEMBER",
    );
    open.push(member);
    await member.goto(`${deploymentUrl}/alerts`);
    await journey.settled(member);
    await member.getByRole("row", { name: /^skyport failures/ }).waitFor();
    await member
      .getByRole("row", { name: /^orders slow/ })
      .getByText("Disabled")
      .waitFor();
    await expect(
      member
        .getByRole("button")
        .filter({ hasText: /Edit|Delete|Disable|Mute|New alert rule/ })
        .count(),
    ).resolves.toBe(0);
    await expect(member.getByRole("heading", { name: "New alert rule" }).count()).resolves.toBe(0);
    await shot(member, "member-rules");
    await member.getByRole("row", { name: /oncall-mail/ }).waitFor();
    await expect(
      member
        .getByRole("button")
        .filter({ hasText: /Send a test|Delete|New notification channel/ })
        .count(),
    ).resolves.toBe(0);
    expect(await journey.servedHtml(member)).not.toContain(webhookUrl);
    await shot(member, "member-channels");

    // The owner deletes a rule after confirming; the API no longer lists it.
    await page.goto(`${deploymentUrl}/alerts`);
    await journey.settled(page);
    await page
      .getByRole("row", { name: /^orders slow/ })
      .getByRole("button", { name: "Delete" })
      .click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete rule" }).click();
    await page.getByRole("row", { name: /^orders slow/ }).waitFor({ state: "detached" });
    const remaining = await api<{ items: ApiRule[] }>(
      page,
      `/organizations/${organizationId}/alerts?deploymentId=${deploymentId}`,
    );
    expect(remaining.items.map((rule) => rule.name)).toEqual(["skyport failures"]);
  });
});

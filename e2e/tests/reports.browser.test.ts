// Status reports in a real browser against the real `npm start` stack: the owner reports runs
// (so the pickers list what telemetry has seen), creates a report from picked checks with a
// weekly schedule previewed in words, subscribes herself, runs it now and finds its e-mail in
// the development mailbox; the status page opens in a fresh browser context without a session
// with the status and its history, and after the link is revoked it answers 404.
// Screenshots go to /tmp/reports-*.png.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import * as journey from "../src/browser-journey.ts";
import { reportRuns } from "../src/tour-telemetry.ts";

const e2e = journey.useBrowserStack("reports");

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/reports-${name}.png`, fullPage: true });
}

describe("status reports in Chromium", () => {
  it("create from picked checks, run now, e-mail, public status page, revoke", async () => {
    const { page, open, organizationUrl, workspaceUrl, deploymentUrl } = await journey.adaWithDeployment(
      e2e,
      "reports",
    );
    const organizationId = new URL(organizationUrl).pathname.split("/")[2] ?? "";
    await reportRuns(page, e2e.stack.baseUrl, deploymentUrl, { retimeTo: new Date() });

    // The workspace page links to its reports; none yet.
    await page.goto(workspaceUrl);
    await page.getByRole("link", { name: "Reports", exact: true }).click();
    await page.waitForURL(`${workspaceUrl}/reports`);
    await page.getByText("No status reports yet").waitFor();
    await page.getByRole("link", { name: "New report" }).click();
    await page.waitForURL(`${workspaceUrl}/reports/new`);
    await journey.settled(page);

    // A DAG check and a task check, both picked from the DAGs and tasks telemetry has seen.
    await page.getByLabel("Title").fill("Skyport data");
    const dags = await page.locator('[id="checks.0.dagId"] option').allTextContents();
    expect(dags).toContain("skyport_retry");
    await page.locator('[id="checks.0.kind"]').selectOption("DAG");
    await page.locator('[id="checks.0.dagId"]').selectOption("skyport_retry");
    await page.getByRole("button", { name: "Add a check" }).click();
    await page.locator('[id="checks.1.dagId"]').selectOption("skyport_retry");
    const tasks = (await page.locator('[id="checks.1.taskId"] option').allTextContents()).slice(1);
    expect(tasks.length).toBeGreaterThan(0);
    await page.locator('[id="checks.1.taskId"]').selectOption(tasks[0] ?? "");

    // A weekly schedule in Berlin: previewed in words with its next three runs.
    await page.getByLabel("Runs").selectOption("WEEKLY");
    await page.getByLabel("On", { exact: true }).selectOption("MONDAY");
    await page.getByLabel("At", { exact: true }).fill("08:30");
    await page.getByLabel("Time zone (IANA)").fill("Europe/Berlin");
    const preview = page.getByTestId("schedule-preview");
    await preview.getByText(/08:30.*Monday/).waitFor();
    await preview.getByText("30 8 * * 1").waitFor();
    await expect(preview.locator("li").count()).resolves.toBe(3);
    await shot(page, "editor");

    // A zone that does not exist is refused on its field, in the domain's words.
    await page.getByLabel("Time zone (IANA)").fill("Mars/Olympus");
    await page.getByRole("button", { name: "Create report" }).click();
    await page
      .locator('[id="timeZone-error"]')
      .getByText(/IANA time zone/)
      .waitFor();
    await page.getByLabel("Time zone (IANA)").fill("Europe/Berlin");
    await page.getByRole("button", { name: "Create report" }).click();
    await page.waitForURL(/\/reports\/(?!new$)[^/]+$/);
    const reportUrl = page.url();
    const reportId = reportUrl.split("/").at(-1) ?? "";
    await page.getByRole("heading", { name: "Skyport data" }).waitFor();
    await page.getByRole("table", { name: "Checks" }).getByText("skyport_retry", { exact: true }).waitFor();

    // Ada subscribes herself (a member needs no confirmation), then runs the report now.
    const me = (await (await page.request.get(`${e2e.stack.baseUrl}/api/v1/me`)).json()) as {
      user: { id: string };
    };
    const subscribed = await page.request.post(
      `${e2e.stack.baseUrl}/api/v1/organizations/${organizationId}/reports/${reportId}/subscribers`,
      { data: { userId: me.user.id } },
    );
    expect(subscribed.status(), await subscribed.text()).toBe(201);
    await page.reload();
    await page
      .getByRole("table", { name: "Subscribers" })
      .getByRole("cell", { name: "ada@acme.test" })
      .waitFor();
    // An outside stakeholder added from the console waits for confirmation; removed, the row goes.
    const subscribers = page.getByRole("table", { name: "Subscribers" });
    await page.getByRole("form", { name: "Add a subscriber" }).getByLabel("E-mail").fill("not an address");
    await page.getByRole("button", { name: "Add subscriber" }).click();
    await page.locator('[id="subscriber-email-error"]').waitFor();
    await page.getByRole("form", { name: "Add a subscriber" }).getByLabel("E-mail").fill("cfo@outside.test");
    await page.getByRole("button", { name: "Add subscriber" }).click();
    await page.getByText("A confirmation link was sent to cfo@outside.test").waitFor();
    const cfo = subscribers
      .getByRole("row")
      .filter({ has: page.getByRole("cell", { name: "cfo@outside.test" }) });
    await cfo.getByRole("cell", { name: "Waiting for confirmation" }).waitFor();
    await cfo.getByRole("button", { name: "Remove" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Remove subscriber" }).click();
    await subscribers
      .getByRole("cell", { name: "cfo@outside.test", exact: true })
      .waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Run now" }).click();
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.getByRole("table", { name: "Runs" }).getByText("Run now").count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBe(1);
    await shot(page, "report");

    // The e-mail reaches the development mailbox, subject `[Status] title`.
    await expect
      .poll(
        async () => {
          await page.goto(`${e2e.stack.baseUrl}/dev/mailbox`);
          return page
            .getByRole("heading", { name: /^\[(Passed|Warning|Failed|Stale|Unknown)\] Skyport data$/ })
            .count();
        },
        { timeout: 60_000, interval: 1_000 },
      )
      .toBeGreaterThan(0);

    // The status page link, opened without a session: status, checks and history.
    await page.goto(reportUrl);
    await journey.settled(page);
    await page.getByRole("button", { name: "Create status page link" }).click();
    const link = await page.getByTestId("status-link").textContent();
    const statusPath = new URL(link ?? "").pathname;
    expect(statusPath).toMatch(/^\/status\/[^/]+$/);
    const stranger = await e2e.browser.newContext({ viewport: { width: 1280, height: 900 } });
    const outside = await stranger.newPage();
    open.push(outside);
    const answered = await outside.goto(`${e2e.stack.baseUrl}${statusPath}`);
    expect(answered?.status()).toBe(200);
    await outside.getByRole("heading", { name: "Skyport data" }).waitFor();
    await outside.getByRole("list", { name: "Daily status, oldest first" }).waitFor();
    await outside.getByText("skyport_retry", { exact: true }).first().waitFor();
    await shot(outside, "status-page");

    // Revoked, the same link answers 404.
    await page.reload();
    await journey.settled(page);
    await page.getByRole("button", { name: "Revoke link" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Revoke" }).click();
    await page.getByRole("button", { name: "Create status page link" }).waitFor();
    const refused = await outside.goto(`${e2e.stack.baseUrl}${statusPath}`);
    expect(refused?.status()).toBe(404);

    // The list shows the report's status, last and next run.
    await page.goto(`${workspaceUrl}/reports`);
    const row = page.getByRole("row", { name: /Skyport data/ });
    await row.waitFor();
    await expect(row.getByText("Not run yet").count()).resolves.toBe(0);
    await shot(page, "list");
    await stranger.close();
  });
});

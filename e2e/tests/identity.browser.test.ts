// The identity journey in a real browser against the real `npm start` stack: sign up,
// create a workspace, invite a colleague, read the link from the development mailbox,
// accept it as the colleague, and see all of it in the audit log.
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { inviteGraceAndReadLink, signUpAda, useBrowserStack } from "../src/browser-journey.ts";
import { repoPath } from "../src/stack.ts";

const e2e = useBrowserStack("identity");

async function shot(page: Page, name: string) {
  await page.screenshot({ path: repoPath(`e2e/artifacts/${name}.png`), fullPage: true });
}

describe("identity journey in Chromium", () => {
  it("serves the home page with the live system status read over tRPC", async () => {
    const page = await e2e.browser.newPage();
    try {
      await page.goto(e2e.stack.baseUrl);
      await expect(page.title()).resolves.toMatch(/Skyport/);
      await page.getByRole("heading", { level: 1 }).waitFor();
      const status = page.getByRole("region", { name: /system status/i });
      await status.getByText(/PostgreSQL/).waitFor();
      await expect.poll(async () => (await status.textContent()) ?? "", { timeout: 20_000 }).toMatch(/Redis/);
      await shot(page, "home");
    } finally {
      await page.close();
    }
  });

  it("sign up → workspace → invite → accept from the mailbox → audit log shows it all", async () => {
    const owner = await e2e.browser.newContext();
    const page = await owner.newPage();

    // Sign up: the user and their first organization.
    const organizationUrl = await signUpAda(page, e2e.stack.baseUrl);

    // An empty workspace name is refused next to the field; a good one is created.
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.locator("#workspace-name").and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByLabel("Name").fill("Analytics");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/workspaces\/[^/]+$/);
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    const workspaceUrl = page.url();
    await shot(page, "identity-workspaces");

    // Invite a colleague.
    const link = await inviteGraceAndReadLink(page, organizationUrl, e2e.stack.baseUrl);
    await shot(page, "identity-mailbox");

    // The colleague, in a browser of their own, accepts by creating an account.
    const colleague = await e2e.browser.newContext();
    const invitee = await colleague.newPage();
    await invitee.goto(new URL(link, e2e.stack.baseUrl).toString());
    await expect(invitee.getByText("Acme Data").first().isVisible()).resolves.toBe(true);
    await invitee.getByLabel("Your name").fill("Grace Hopper");
    await invitee.getByLabel("Password").fill("compilers all the way 1952");
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await invitee.waitForURL(/\/orgs\/[^/]+/);
    expect(invitee.url()).toContain(organizationUrl.replace(e2e.stack.baseUrl, ""));

    // Grace holds no role in Analytics: its pages answer with the "no access" page and HTTP 403
    // (decided before the page streams), not a 200 or a crash.
    // (Grace is signed in on the origin the email linked to.)
    const workspacePath = new URL(workspaceUrl).pathname;
    for (const path of [workspacePath, `${workspacePath}/environment`]) {
      const url = new URL(path, invitee.url()).toString();
      const refused = await invitee.goto(url);
      expect(refused?.status(), url).toBe(403);
      await invitee.getByRole("heading", { name: "You have no access here" }).waitFor();
    }

    // The invitation is single-use.
    const third = await (await e2e.browser.newContext()).newPage();
    await third.goto(new URL(link, e2e.stack.baseUrl).toString());
    await expect(
      third
        .getByText(/already been used|no longer valid|accepted/i)
        .first()
        .isVisible(),
    ).resolves.toBe(true);

    // Both are members now.
    await page.goto(`${organizationUrl}/members`);
    await page.getByText("grace@acme.test").first().waitFor();
    await expect(page.getByText("Grace Hopper").first().isVisible()).resolves.toBe(true);

    // The audit log has every step, in order, and its chain verifies.
    await page.goto(`${organizationUrl}/audit-log`);
    for (const action of [
      "organization.create",
      "workspace.create",
      "organization.member.invite",
      "organization.member.join",
    ]) {
      await page.getByText(action, { exact: true }).first().waitFor();
    }
    await page.getByRole("button", { name: "Verify integrity" }).click();
    await page.getByText("Chain intact").waitFor();
    await shot(page, "identity-audit-log");
  });
});

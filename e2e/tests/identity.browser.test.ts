// The identity journey in a real browser against the real `npm start` stack: sign up,
// create a workspace, invite a colleague, read the link from the development mailbox,
// accept it as the colleague, and see all of it in the audit log.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase, testRedis } from "@skyport/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM_ARGS, findChromium } from "../src/chromium.ts";
import { type RunningStack, repoPath, startStack } from "../src/stack.ts";

let stack: RunningStack;
let browser: Browser;
let stateDir: string;

beforeAll(async () => {
  const { url } = await createTestDatabase();
  stateDir = await mkdtemp(path.join(tmpdir(), "skyport-e2e-identity-"));
  await chmod(stateDir, 0o755);
  const port = await findFreePort();
  stack = await startStack(
    { ...process.env, DATABASE_URL: url, REDIS_URL: testRedis().url, SKYPORT_STATE_DIR: stateDir },
    port,
  );
  browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop("SIGINT");
  if (stateDir) await rm(stateDir, { recursive: true, force: true });
});

async function shot(page: Page, name: string) {
  await page.screenshot({ path: repoPath(`e2e/artifacts/${name}.png`), fullPage: true });
}

describe("identity journey in Chromium", () => {
  it("serves the home page with the live system status read over tRPC", async () => {
    const page = await browser.newPage();
    try {
      await page.goto(stack.baseUrl);
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
    const owner = await browser.newContext();
    const page = await owner.newPage();

    // Sign up: the user and their first organization.
    await page.goto(`${stack.baseUrl}/sign-up`);
    await page.getByLabel("Your name").fill("Ada Lovelace");
    await page.getByLabel("Work email").fill("ada@acme.test");
    await page.getByLabel("Password").fill("analytical engine 1843");
    await page.getByLabel("Organization name").fill("Acme Data");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/orgs\/[^/]+\/workspaces$/);
    const organizationUrl = page.url().replace(/\/workspaces$/, "");

    // An empty workspace name is refused next to the field; a good one is created.
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.locator("#workspace-name").and(page.locator('[aria-invalid="true"]')).waitFor();
    await page.getByLabel("Name").fill("Analytics");
    await page.getByRole("button", { name: "Create workspace" }).click();
    await page.waitForURL(/\/workspaces\/[^/]+$/);
    await page.getByRole("heading", { name: "Analytics", level: 1 }).waitFor();
    await shot(page, "identity-workspaces");

    // Invite a colleague.
    await page.goto(`${organizationUrl}/members`);
    await page.getByLabel("Email").fill("grace@acme.test");
    await page.getByRole("button", { name: "Send invitation" }).click();
    await page.getByText("grace@acme.test").first().waitFor();

    // The worker delivers the email to the development mailbox; read the link there.
    let link: string | null = null;
    const deadline = Date.now() + 30_000;
    while (!link && Date.now() < deadline) {
      await page.goto(`${stack.baseUrl}/dev/mailbox`);
      const anchor = page.locator('a[href*="/invitations/"]').first();
      if (await anchor.count()) link = await anchor.getAttribute("href");
      else await page.waitForTimeout(1_000);
    }
    expect(link, "the invitation email reached the development mailbox").toBeTruthy();
    await shot(page, "identity-mailbox");

    // The colleague, in a browser of their own, accepts by creating an account.
    const colleague = await browser.newContext();
    const invitee = await colleague.newPage();
    await invitee.goto(new URL(link ?? "", stack.baseUrl).toString());
    await expect(invitee.getByText("Acme Data").first().isVisible()).resolves.toBe(true);
    await invitee.getByLabel("Your name").fill("Grace Hopper");
    await invitee.getByLabel("Password").fill("compilers all the way 1952");
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await invitee.waitForURL(/\/orgs\/[^/]+/);
    expect(invitee.url()).toContain(organizationUrl.replace(stack.baseUrl, ""));

    // The invitation is single-use.
    const third = await (await browser.newContext()).newPage();
    await third.goto(new URL(link ?? "", stack.baseUrl).toString());
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

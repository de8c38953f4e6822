// Shared set-up of the browser journeys: the real `npm start` stack on its own database, Redis
// database and state directory, and one Chromium; plus the steps every journey takes the same way.
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { findFreePort } from "@skyport/localstack";
import { createTestDatabase, testRedis } from "@skyport/testing";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, onTestFailed } from "vitest";
import { CHROMIUM_ARGS, findChromium } from "./chromium.ts";
import { type RunningStack, startStack } from "./stack.ts";

export interface BrowserStack {
  /** The running stack; set in beforeAll, so valid inside tests only. */
  stack: RunningStack;
  /** The launched Chromium; set in beforeAll, so valid inside tests only. */
  browser: Browser;
}

/**
 * Registers the suite's beforeAll/afterAll: starts the stack (state in a fresh
 * `skyport-e2e-<label>-*` directory, `env(baseUrl)` added to its environment) and Chromium, and
 * stops and removes them afterwards.
 */
export function useBrowserStack(
  label: string,
  env: (baseUrl: string) => NodeJS.ProcessEnv = () => ({}),
): BrowserStack {
  const suite = {} as Partial<BrowserStack>;
  let stateDir: string | undefined;

  beforeAll(async () => {
    const { url } = await createTestDatabase();
    stateDir = await mkdtemp(path.join(tmpdir(), `skyport-e2e-${label}-`));
    await chmod(stateDir, 0o755);
    const port = await findFreePort();
    suite.stack = await startStack(
      {
        ...process.env,
        ...env(`http://127.0.0.1:${port}`),
        DATABASE_URL: url,
        REDIS_URL: testRedis().url,
        SKYPORT_STATE_DIR: stateDir,
      },
      port,
    );
    suite.browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await suite.browser?.close();
    await suite.stack?.stop("SIGINT");
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  return suite as BrowserStack;
}

/** Console pages stream: after a load, wait until no loading state is left on the page. */
export async function settled(page: Page) {
  await expect.poll(() => page.locator('[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
}

/** The page's HTML as the server sends it (with the RSC payload), fetched with the page's cookies. */
export async function servedHtml(page: Page): Promise<string> {
  const response = await page.request.get(page.url());
  expect(response.ok()).toBe(true);
  return response.text();
}

/** Signs Ada up with her organization "Acme Data"; returns the organization's URL. */
export async function signUpAda(page: Page, baseUrl: string): Promise<string> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel("Your name").fill("Ada Lovelace");
  await page.getByLabel("Work email").fill("ada@acme.test");
  await page.getByLabel("Password").fill("analytical engine 1843");
  await page.getByLabel("Organization name").fill("Acme Data");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/workspaces$/);
  return page.url().replace(/\/workspaces$/, "");
}

/** Invites grace@acme.test from the members page and reads the invitation link from the development mailbox. */
export async function inviteGraceAndReadLink(
  page: Page,
  organizationUrl: string,
  baseUrl: string,
): Promise<string> {
  await page.goto(`${organizationUrl}/members`);
  await page.getByLabel("Email").fill("grace@acme.test");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByText("grace@acme.test").first().waitFor();
  // The worker delivers the email to the development mailbox; read the link there.
  let link: string | null = null;
  const deadline = Date.now() + 30_000;
  while (!link && Date.now() < deadline) {
    await page.goto(`${baseUrl}/dev/mailbox`);
    const anchor = page.locator('a[href*="/invitations/"]').first();
    if (await anchor.count()) link = await anchor.getAttribute("href");
    else await page.waitForTimeout(1_000);
  }
  expect(link, "the invitation email reached the development mailbox").toBeTruthy();
  return link ?? "";
}

/**
 * Grace accepts the invitation (read from the mailbox) in a browser context of her own, and
 * the owner's page grants her `role` on the workspace; returns Grace's page.
 */
export async function graceJoinsWorkspace(
  suite: BrowserStack,
  ownerPage: Page,
  urls: { organizationUrl: string; workspaceUrl: string },
  role: string,
): Promise<Page> {
  const link = await inviteGraceAndReadLink(ownerPage, urls.organizationUrl, suite.stack.baseUrl);
  const colleague = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const member = await colleague.newPage();
  // The email links to SKYPORT_PUBLIC_URL (localhost); stay on the host the session cookies are for.
  const invitation = new URL(link, suite.stack.baseUrl);
  await member.goto(`${suite.stack.baseUrl}${invitation.pathname}${invitation.search}`);
  await member.getByLabel("Your name").fill("Grace Hopper");
  await member.getByLabel("Password").fill("compilers all the way 1952");
  await member.getByRole("button", { name: "Create account and join" }).click();
  await member.waitForURL(/\/orgs\/[^/]+/);

  await ownerPage.goto(urls.workspaceUrl);
  await ownerPage.getByLabel("Member or team").selectOption({ label: "Grace Hopper (grace@acme.test)" });
  await ownerPage.getByLabel("Role", { exact: true }).selectOption(role);
  await ownerPage.getByRole("button", { name: "Grant role" }).click();
  await ownerPage.getByRole("row").filter({ hasText: "Grace Hopper" }).first().waitFor();
  return member;
}

/**
 * The start of a journey inside a test: Ada's browser (every open page screenshotted to
 * `/tmp/<shots>-failure-<n>.png` when a step fails), her sign-up, the workspace "Analytics"
 * and its deployment "orders-etl". Push later pages onto `open`.
 */
export async function adaWithDeployment(suite: BrowserStack, shots: string) {
  const owner = await suite.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await owner.newPage();
  const open: Page[] = [page];
  onTestFailed(async () => {
    for (const [index, each] of open.entries())
      await each.screenshot({ path: `/tmp/${shots}-failure-${index}.png`, fullPage: true }).catch(() => {});
  });
  const organizationUrl = await signUpAda(page, suite.stack.baseUrl);
  await page.getByLabel("Name").fill("Analytics");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/workspaces\/[^/]+$/);
  const workspaceUrl = page.url();
  await page.goto(`${workspaceUrl}/deployments/new`);
  await settled(page);
  await page.getByLabel("Name", { exact: true }).fill("orders-etl");
  await page.getByRole("button", { name: "Create deployment" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/deployments\/[^/]+$/);
  return { page, open, organizationUrl, workspaceUrl, deploymentUrl: page.url() };
}

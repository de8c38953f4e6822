// A walk through every console page as a new user meets it: sign up, a workspace and a
// deployment with long names, an invited colleague with no workspace role. Each page is
// screenshotted at a laptop (1366 px) and a phone (390 px) width and checked for content
// wider than the window (clipped columns, overflowing titles).
import { createHash } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { craftTarball } from "../../packages/dag-bundle/test/craft.ts";
import { DEFAULT_RUNTIME_VERSION } from "../../packages/deployment-spec/src/catalog.ts";
import { firstRunUrl, reportRuns } from "./tour-telemetry.ts";

export const WIDTHS = { laptop: 1366, phone: 390 } as const;

export interface TourPage {
  name: string;
  url: string;
  /** Who looks at it: the owner, the colleague without a workspace role, or a visitor. */
  as: "owner" | "member" | "visitor";
  /** The HTTP status the page must answer with (200 unless said). */
  status?: number;
}

export interface PageCheck {
  name: string;
  width: number;
  status: number | null;
  /** How many CSS pixels the page is wider than the window (0: nothing sticks out). */
  overflowPx: number;
  /** Elements whose content sticks out of them without a scroll container to hold it. */
  clipped: string[];
  /** Scroll containers (tables) whose content is wider than they are. */
  scrolling: string[];
  screenshot: string;
}

// As long as a deployment name may be (40 characters).
const LONG = "orders-etl-nightly-backfill-eu-west-2026";

async function signUp(page: Page, baseUrl: string, who: { name: string; email: string; org: string }) {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel("Your name").fill(who.name);
  await page.getByLabel("Work email").fill(who.email);
  await page.getByLabel("Password").fill("analytical engine 1843");
  await page.getByLabel("Organization name").fill(who.org);
  await page.getByRole("button", { name: "Create account" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/workspaces$/);
  return page.url().replace(/\/workspaces$/, "");
}

/** Owner's journey; returns every page to look at. */
export async function buildTour(browser: Browser, baseUrl: string, tag: string) {
  const owner = await browser.newContext({ viewport: { width: WIDTHS.laptop, height: 900 } });
  const page = await owner.newPage();
  const organizationUrl = await signUp(page, baseUrl, {
    name: "Ada Lovelace",
    email: `ada-${tag}@acme.test`,
    org: "Acme Data Platform Engineering and Analytics Group",
  });

  await page.getByLabel("Name").fill("Analytics and machine learning pipelines");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.waitForURL(/\/workspaces\/[^/]+$/);
  const workspaceUrl = page.url();

  await page.goto(`${workspaceUrl}/deployments/new`);
  await page.getByLabel("Name", { exact: true }).fill(LONG);
  await page.getByRole("button", { name: "Create deployment" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/deployments\/[^/]+$/);
  const deploymentUrl = page.url();
  // Let the worker render it so its status reason is the long render-only one.
  await page.waitForTimeout(8_000);

  // A second deployment that never reports: the telemetry pages' empty states.
  await page.goto(`${workspaceUrl}/deployments/new`);
  await page.getByLabel("Name", { exact: true }).fill("quiet");
  await page.getByRole("button", { name: "Create deployment" }).click();
  await page.waitForURL(/\/orgs\/[^/]+\/deployments\/[^/]+$/);
  const quietDeploymentUrl = page.url();

  // Runs reported by the runtime: a success, a retried task, a skipped task and a failure.
  await reportRuns(page, baseUrl, deploymentUrl);
  const runsUrl = `${deploymentUrl}/runs`;
  const failedRunUrl = await firstRunUrl(page, `${runsUrl}?state=FAILED`);

  // Rows with long keys and values in the environment tables, and an API token, so the tables
  // are checked with content (stacked on a phone, nothing wider than the window).
  const environment = `${deploymentUrl}/environment`;
  const addRow = async (url: string, fields: Record<string, string>, button: string, rowName: string) => {
    await page.goto(url);
    for (const [selector, value] of Object.entries(fields)) await page.locator(selector).fill(value);
    await page.getByRole("button", { name: button }).click();
    await page.getByRole("rowheader", { name: rowName }).waitFor();
  };
  const longKey = "WAREHOUSE_CONNECTION_STRING_FOR_THE_NIGHTLY_BACKFILL_JOBS_EU";
  await addRow(
    environment,
    {
      "#new-environmentVariable-key": longKey,
      "#new-environmentVariable-value": `postgres://etl@warehouse.internal.example.com:5432/${"analytics_".repeat(8)}`,
    },
    "Add environment variable",
    longKey,
  );
  await addRow(
    `${environment}/airflow-variables`,
    {
      "#new-airflowVariable-key": "nightly_backfill_partition_list_for_eu_customers",
      "#new-airflowVariable-value":
        '{"partitions": ["2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04"]}',
    },
    "Add Airflow variable",
    "nightly_backfill_partition_list_for_eu_customers",
  );
  await addRow(
    `${environment}/connections`,
    {
      "#new-connection-connection-id": "warehouse_postgres_eu_west_nightly_backfill",
      "#new-connection-type": "postgres",
      "#new-connection-host": "warehouse-primary.eu-west-1.rds.internal.example.com",
    },
    "Add connection",
    "warehouse_postgres_eu_west_nightly_backfill",
  );
  await page.goto(`${organizationUrl}/api-tokens`);
  await page.getByLabel("Name", { exact: true }).fill("GitHub Actions deploy for the nightly pipelines");
  await page.getByRole("button", { name: "Create token" }).click();
  await page.getByRole("rowheader", { name: /GitHub Actions deploy/ }).waitFor();

  // Deploys through the REST API with the owner's session: a DAG bundle (rolling out: no runtime
  // reports it) and an image after it, so the history and a deploy's page have content.
  {
    const [, organizationId, deploymentId] =
      new URL(deploymentUrl).pathname.match(/^\/orgs\/([^/]+)\/deployments\/([^/]+)$/) ?? [];
    const api = `${baseUrl}/api/v1/organizations/${organizationId}/deployments/${deploymentId}`;
    const tarball = craftTarball([
      { path: "dags/orders_nightly_backfill_eu_west.py", content: "# orders\n" },
      { path: "include/sql/orders/backfill_partitions_by_region_and_day.sql", content: "select 1\n" },
    ]);
    const sha256 = createHash("sha256").update(tarball).digest("hex");
    const headers = { origin: new URL(baseUrl).origin };
    const answers = [
      await page.request.put(`${api}/bundles/${sha256}`, {
        data: tarball,
        headers: { ...headers, "content-type": "application/gzip" },
      }),
      await page.request.post(`${api}/deploys`, {
        data: { bundleSha256: sha256, description: "Nightly backfill: partition by region and day" },
        headers,
      }),
      await page.request.post(`${api}/image-deploys`, {
        data: {
          image: "registry.example.com:5000/acme/airflow-orders:2026.12.05-nightly",
          runtimeVersion: DEFAULT_RUNTIME_VERSION,
          description: "Add the Snowflake provider",
        },
        headers,
      }),
    ];
    for (const answer of answers)
      if (!answer.ok()) throw new Error(`deploy fixture: HTTP ${answer.status()} ${await answer.text()}`);
  }

  // A colleague who joins the organization and holds no workspace role.
  await page.goto(`${organizationUrl}/members`);
  const colleagueEmail = `grace-${tag}@acme.test`;
  await page.getByLabel("Email").fill(colleagueEmail);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await page.getByText(colleagueEmail).first().waitFor();
  let link: string | null = null;
  const deadline = Date.now() + 30_000;
  while (!link && Date.now() < deadline) {
    await page.goto(`${baseUrl}/dev/mailbox`);
    const anchors = page.locator(`a[href*="/invitations/"]`);
    if (await anchors.count()) link = await anchors.first().getAttribute("href");
    else await page.waitForTimeout(1_000);
  }
  const member = await browser.newContext({ viewport: { width: WIDTHS.laptop, height: 900 } });
  if (!link) throw new Error("the invitation did not reach the development mailbox");
  {
    const invitee = await member.newPage();
    // The email links to SKYPORT_PUBLIC_URL (localhost); stay on baseUrl's origin for the cookie.
    const { pathname, search } = new URL(link, baseUrl);
    await invitee.goto(new URL(`${pathname}${search}`, baseUrl).toString());
    await invitee.getByLabel("Your name").fill("Grace Hopper");
    await invitee.getByLabel("Password").fill("compilers all the way 1952");
    await invitee.getByRole("button", { name: "Create account and join" }).click();
    await invitee.waitForURL(/\/orgs\/[^/]+/);
    await invitee.close();
  }

  const deploymentEnv = `${deploymentUrl}/environment`;
  const workspaceEnv = `${workspaceUrl}/environment`;
  const pages: TourPage[] = [
    { name: "landing", url: `${baseUrl}/`, as: "visitor" },
    { name: "sign-up", url: `${baseUrl}/sign-up`, as: "visitor" },
    { name: "sign-in", url: `${baseUrl}/sign-in`, as: "visitor" },
    { name: "landing-signed-in", url: `${baseUrl}/`, as: "owner" },
    { name: "workspaces", url: `${organizationUrl}/workspaces`, as: "owner" },
    { name: "workspace", url: workspaceUrl, as: "owner" },
    { name: "deployments", url: `${workspaceUrl}/deployments`, as: "owner" },
    { name: "deployment-new", url: `${workspaceUrl}/deployments/new`, as: "owner" },
    { name: "deployment", url: deploymentUrl, as: "owner" },
    { name: "deployment-runs", url: runsUrl, as: "owner" },
    { name: "deployment-runs-filtered", url: `${runsUrl}?dagId=skyport_retry&state=SUCCESS`, as: "owner" },
    { name: "deployment-run-failed", url: failedRunUrl, as: "owner" },
    { name: "deployment-dag", url: `${deploymentUrl}/dags/skyport_retry`, as: "owner" },
    { name: "deployment-quiet", url: quietDeploymentUrl, as: "owner" },
    { name: "deployment-quiet-runs", url: `${quietDeploymentUrl}/runs`, as: "owner" },
    { name: "deployment-metrics", url: `${deploymentUrl}/metrics?range=24h`, as: "owner" },
    { name: "failing-dags", url: `${organizationUrl}/failing-dags`, as: "owner" },
    { name: "deployment-env", url: deploymentEnv, as: "owner" },
    { name: "deployment-deploys", url: `${deploymentUrl}/deploys`, as: "owner" },
    { name: "deployment-alerts", url: `${deploymentUrl}/alerts`, as: "owner" },
    { name: "workspace-alerts", url: `${workspaceUrl}/alerts`, as: "owner" },
    { name: "notification-channels", url: `${organizationUrl}/notification-channels`, as: "owner" },
    { name: "deployment-deploy", url: `${deploymentUrl}/deploys/1`, as: "owner" },
    { name: "deployment-env-connections", url: `${deploymentEnv}/connections`, as: "owner" },
    { name: "deployment-env-airflow-variables", url: `${deploymentEnv}/airflow-variables`, as: "owner" },
    { name: "deployment-env-import", url: `${deploymentEnv}/import`, as: "owner" },
    { name: "deployment-env-delivered", url: `${deploymentEnv}/delivered`, as: "owner" },
    { name: "workspace-env", url: workspaceEnv, as: "owner" },
    { name: "workspace-env-connections", url: `${workspaceEnv}/connections`, as: "owner" },
    { name: "teams", url: `${organizationUrl}/teams`, as: "owner" },
    { name: "members", url: `${organizationUrl}/members`, as: "owner" },
    { name: "api-tokens", url: `${organizationUrl}/api-tokens`, as: "owner" },
    { name: "audit-log", url: `${organizationUrl}/audit-log`, as: "owner" },
    { name: "settings", url: `${organizationUrl}/settings`, as: "owner" },
    { name: "orgs", url: `${baseUrl}/orgs`, as: "owner" },
    { name: "orgs-new", url: `${baseUrl}/orgs/new`, as: "owner" },
    { name: "mailbox", url: `${baseUrl}/dev/mailbox`, as: "owner" },
    { name: "member-workspaces", url: `${organizationUrl}/workspaces`, as: "member" },
    { name: "member-workspace", url: workspaceUrl, as: "member", status: 403 },
    { name: "member-deployment", url: deploymentUrl, as: "member", status: 403 },
    { name: "member-deployment-env", url: deploymentEnv, as: "member", status: 403 },
    { name: "member-deployment-deploys", url: `${deploymentUrl}/deploys`, as: "member", status: 403 },
    { name: "member-deployment-runs", url: runsUrl, as: "member", status: 403 },
    { name: "member-deployment-metrics", url: `${deploymentUrl}/metrics`, as: "member", status: 403 },
    { name: "member-failing-dags", url: `${organizationUrl}/failing-dags`, as: "member" },
    { name: "member-deployment-alerts", url: `${deploymentUrl}/alerts`, as: "member", status: 403 },
    { name: "member-notification-channels", url: `${organizationUrl}/notification-channels`, as: "member" },
    { name: "member-audit-log", url: `${organizationUrl}/audit-log`, as: "member" },
    { name: "member-api-tokens", url: `${organizationUrl}/api-tokens`, as: "member" },
  ];
  const visitor = await browser.newContext({ viewport: { width: WIDTHS.laptop, height: 900 } });
  return { owner, member, visitor, pages, organizationUrl };
}

// Runs in the page (e2e code has no DOM types): how much wider than the window the page is, and
// which elements in <main> stick out without a scroll container or an ellipsis to hold them.
const MEASURE = `(() => {
  const overflowPx = document.documentElement.scrollWidth - window.innerWidth;
  const scrollsX = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const inScroller = (el) => {
    for (let parent = el.parentElement; parent; parent = parent.parentElement) if (scrollsX(parent)) return true;
    return false;
  };
  // Screen-reader-only text (sr-only, the stacked table's column headers) is clipped on purpose.
  const visuallyHidden = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.clipPath !== "none" || style.clip.startsWith("rect(")) return true;
    }
    return false;
  };
  const clipped = [];
  for (const element of document.querySelectorAll("main *")) {
    const style = getComputedStyle(element);
    if (style.overflowX === "auto" || style.overflowX === "scroll" || style.textOverflow === "ellipsis") continue;
    // A form control's own text scrolls inside it.
    if (["INPUT", "TEXTAREA", "SELECT"].includes(element.tagName)) continue;
    if (visuallyHidden(element)) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0) continue;
    const hidden = style.overflowX === "hidden" || style.overflowX === "clip";
    if (rect.right > window.innerWidth + 1 || (hidden && element.scrollWidth > element.clientWidth + 1)) {
      if (inScroller(element)) continue;
      clipped.push(element.tagName.toLowerCase() + (element.id ? "#" + element.id : "") + ' "' +
        (element.textContent || "").trim().slice(0, 40) + '"');
    }
  }
  // Containers (tables) that need sideways scrolling: a defect at both widths, since tables
  // stack their rows on a phone. Code blocks (pre) may scroll.
  const scrolling = [];
  for (const element of document.querySelectorAll("main *")) {
    if (element.tagName === "PRE" || !scrollsX(element)) continue;
    if (element.scrollWidth > element.clientWidth + 1) {
      scrolling.push((element.querySelector("caption, h2")?.textContent || element.tagName).trim().slice(0, 40));
    }
  }
  return { overflowPx, clipped: clipped.slice(0, 10), scrolling };
})()`;

/** Screenshots one page at one width and measures what sticks out. */
export async function checkPage(
  context: BrowserContext,
  tourPage: TourPage,
  width: number,
  outDir: string,
): Promise<PageCheck> {
  const page = await context.newPage();
  await page.setViewportSize({ width, height: 900 });
  const response = await page.goto(tourPage.url, { waitUntil: "networkidle" });
  const measured = (await page.evaluate(MEASURE)) as {
    overflowPx: number;
    clipped: string[];
    scrolling: string[];
  };
  const screenshot = `${outDir}/${tourPage.name}-${width}.png`;
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { name: tourPage.name, width, status: response?.status() ?? null, ...measured, screenshot };
}

// Environment variables, Airflow connections and variables in a real browser against the real
// `npm start` stack: sign up, create a workspace and a deployment, add a plain and a secret
// variable (the secret is masked after a reload and its value is nowhere in the page's HTML),
// add a connection from a URI, import a .env file (a bad line refused on its line first), link
// a workspace variable to the deployment and find it in what the deployment receives; then a
// workspace member sees names only. Screenshots of every page go to /tmp/ui6-*.png.
import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  adaWithDeployment,
  graceJoinsWorkspace,
  servedHtml,
  settled,
  useBrowserStack,
} from "../src/browser-journey.ts";

const e2e = useBrowserStack("environment");

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `/tmp/ui6-${name}.png`, fullPage: true });
}

/** Follows a tab of the environment page's navigation to its page, `${environmentUrl}/${path}`. */
async function openEnvironmentTab(page: Page, environmentUrl: string, tab: string, path: string) {
  await page.getByRole("navigation", { name: "Environment" }).getByRole("link", { name: tab }).click();
  await page.waitForURL(`${environmentUrl}/${path}`);
}

const canary = (label: string) => `${label}-${randomBytes(8).toString("hex")}`;

describe("environment in Chromium", () => {
  it("variables, secrets, a URI connection, a .env import and what the deployment receives", async () => {
    // Sign up, a workspace, a deployment.
    const { page, open, organizationUrl, workspaceUrl, deploymentUrl } = await adaWithDeployment(e2e, "ui6");

    // The deployment page links to its environment.
    await page.getByRole("link", { name: "Environment", exact: true }).click();
    await page.waitForURL(`${deploymentUrl}/environment`);
    await page.getByRole("heading", { name: "Environment", level: 1 }).waitFor();

    // A plain variable and a secret one.
    const secretValue = canary("warehouse-password");
    await page.locator("#new-environmentVariable-key").fill("REGION");
    await page.locator("#new-environmentVariable-value").fill("eu-west-1");
    await page.getByRole("button", { name: "Add environment variable" }).click();
    await page.getByRole("rowheader", { name: "REGION" }).waitFor();
    await page.locator("#new-environmentVariable-key").fill("WAREHOUSE_PASSWORD");
    await page.locator("#new-environmentVariable-value").fill(secretValue);
    await page.getByLabel("Secret", { exact: true }).check();
    await page.getByRole("button", { name: "Add environment variable" }).click();
    await page.getByRole("rowheader", { name: "WAREHOUSE_PASSWORD" }).waitFor();

    // A reserved name is refused next to the key field.
    await page.locator("#new-environmentVariable-key").fill("AIRFLOW__CORE__FERNET_KEY");
    await page.locator("#new-environmentVariable-value").fill("x");
    await page.getByRole("button", { name: "Add environment variable" }).click();
    await page.locator("#new-environmentVariable-key[aria-invalid='true']").waitFor();
    expect(await page.locator("#new-environmentVariable-key-error").textContent()).toMatch(/\S/);
    await shot(page, "deployment-variables-error");

    // After a reload the secret is masked and its value is nowhere in what the server sent.
    await page.reload();
    await settled(page);
    const secretRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "WAREHOUSE_PASSWORD" }) });
    await expect(secretRow.getByText("Secret", { exact: true }).isVisible()).resolves.toBe(true);
    const plainRow = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "REGION" }) });
    await expect(plainRow.getByText("eu-west-1").isVisible()).resolves.toBe(true);
    expect(await page.content()).not.toContain(secretValue);
    const variablesHtml = await servedHtml(page);
    expect(variablesHtml).toContain("eu-west-1");
    expect(variablesHtml).not.toContain(secretValue);
    // Its edit form starts empty: a secret is never pre-filled.
    await secretRow.getByRole("button", { name: "Edit WAREHOUSE_PASSWORD" }).click();
    const editValue = page.getByRole("form", { name: "Edit WAREHOUSE_PASSWORD" }).getByLabel("Value");
    await expect(editValue.inputValue()).resolves.toBe("");
    await shot(page, "deployment-variables");
    await page
      .getByRole("form", { name: "Edit WAREHOUSE_PASSWORD" })
      .getByRole("button", { name: "Cancel" })
      .click();

    // A connection from a pasted URI; its password is never shown.
    const connectionPassword = canary("conn-password");
    const privateKey = canary("private-key");
    await openEnvironmentTab(page, `${deploymentUrl}/environment`, "Airflow connections", "connections");
    await page.locator("#new-connection-connection-id").fill("warehouse");
    await page.getByLabel("Paste a URI").check();
    await page
      .locator("#new-connection-uri")
      .fill(
        `postgres://etl:${connectionPassword}@db.internal:5432/analytics?sslmode=require&private_key=${privateKey}`,
      );
    await page.getByRole("group", { name: "Secret extra fields" }).getByLabel("private_key").check();
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.getByRole("rowheader", { name: /warehouse/ }).waitFor();
    await page.reload();
    await settled(page);
    const connectionRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: /warehouse/ }) });
    await expect(connectionRow.getByText("db.internal:5432/analytics").isVisible()).resolves.toBe(true);
    await expect(connectionRow.getByText("Set · secret").isVisible()).resolves.toBe(true);
    await expect(connectionRow.getByText('"require"').isVisible()).resolves.toBe(true);
    const connectionsHtml = await servedHtml(page);
    expect(connectionsHtml).not.toContain(connectionPassword);
    expect(connectionsHtml).toContain("db.internal");
    expect(connectionsHtml).not.toContain(privateKey);
    await shot(page, "deployment-connections");

    // Import a .env file: a reserved name is refused on its line and nothing is written.
    await openEnvironmentTab(page, `${deploymentUrl}/environment`, "Import .env", "import");
    await page.getByLabel("Contents of the .env file").fill("IMPORTED_A=1\nAIRFLOW__CORE__FERNET_KEY=x\n");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("button", { name: "Import 2 variables" }).click();
    const refusedLine = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "AIRFLOW__CORE__FERNET_KEY" }) });
    await refusedLine.getByText(/^Name: /).waitFor();
    await page.getByText("Nothing was imported").waitFor();
    await shot(page, "deployment-import-error");
    // The fixed file, chosen from disk this time.
    await page.getByLabel("Or choose a file").setInputFiles({
      name: ".env",
      mimeType: "text/plain",
      buffer: Buffer.from('# from the old server\nIMPORTED_A=1\nexport IMPORTED_B="two words"\n'),
    });
    await page.getByText("Read .env into the box above.").waitFor();
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("rowheader", { name: "IMPORTED_B" }).waitFor();
    await shot(page, "deployment-import-preview");
    await page.getByRole("button", { name: "Import 2 variables" }).click();
    await page.getByText(/Imported 2 new variables/).waitFor();
    await page.goto(`${deploymentUrl}/environment`);
    await settled(page);
    for (const key of ["IMPORTED_A", "IMPORTED_B", "REGION", "WAREHOUSE_PASSWORD"])
      await page.getByRole("rowheader", { name: key }).waitFor();

    // Airflow variables: a secret one with a description.
    await page.goto(`${deploymentUrl}/environment/airflow-variables`);
    await settled(page);
    const airflowSecret = canary("partner-key");
    await page.locator("#new-airflowVariable-key").fill("partner_api_key");
    await page.locator("#new-airflowVariable-value").fill(airflowSecret);
    await page.getByLabel("Secret", { exact: true }).check();
    await page.getByLabel("Description (optional)").fill("Key for the partner API");
    await page.getByRole("button", { name: "Add Airflow variable" }).click();
    await page.getByRole("rowheader", { name: "partner_api_key" }).waitFor();
    await page.reload();
    await settled(page);
    expect(await servedHtml(page)).not.toContain(airflowSecret);
    await shot(page, "deployment-airflow-variables");

    // A workspace variable linked to this deployment only.
    await page.goto(workspaceUrl);
    await settled(page);
    await page.getByRole("link", { name: "Environment", exact: true }).click();
    await page.waitForURL(`${workspaceUrl}/environment`);
    await page.locator("#new-environmentVariable-key").fill("COMPANY");
    await page.locator("#new-environmentVariable-value").fill("acme");
    await page.getByLabel("Chosen deployments").check();
    await page.getByRole("group", { name: "Delivered to" }).getByLabel("orders-etl").check();
    await page.getByRole("button", { name: "Add environment variable" }).click();
    const companyRow = page
      .getByRole("row")
      .filter({ has: page.getByRole("rowheader", { name: "COMPANY" }) });
    await companyRow.getByText("orders-etl").waitFor();
    await page.getByText(/The provisioner is delivering it to 1 deployment/).waitFor();
    await shot(page, "workspace-variables");
    await page.goto(`${workspaceUrl}/environment/connections`);
    await settled(page);
    await shot(page, "workspace-connections");
    await page.goto(`${workspaceUrl}/environment/import`);
    await settled(page);
    await shot(page, "workspace-import");

    // What the deployment receives: its own objects and the linked workspace variable.
    await page.goto(`${deploymentUrl}/environment/delivered`);
    await settled(page);
    const delivered = page.getByRole("table", { name: "What this deployment receives" });
    const row = (name: string) =>
      delivered.getByRole("row").filter({ has: page.getByRole("rowheader", { name, exact: true }) });
    await row("COMPANY").getByText("Workspace", { exact: true }).waitFor();
    await expect(row("COMPANY").getByText("acme").isVisible()).resolves.toBe(true);
    await row("REGION").getByText("This deployment").waitFor();
    await row("WAREHOUSE_PASSWORD").getByText("Secret", { exact: true }).waitFor();
    await row("AIRFLOW_CONN_WAREHOUSE").waitFor();
    await row("AIRFLOW_VAR_PARTNER_API_KEY").waitFor();
    const deliveredHtml = await servedHtml(page);
    for (const value of [secretValue, connectionPassword, airflowSecret])
      expect(deliveredHtml).not.toContain(value);
    await shot(page, "deployment-delivered");

    // A workspace member sees names only, no forms, and why.
    const member = await graceJoinsWorkspace(
      e2e,
      page,
      { organizationUrl, workspaceUrl },
      "WORKSPACE_MEMBER",
    );
    open.push(member);

    await member.goto(`${deploymentUrl}/environment`);
    await settled(member);
    await member.getByText("Read only").waitFor();
    await member.getByText(/You see names only/).waitFor();
    await member.getByRole("rowheader", { name: "REGION" }).waitFor();
    await expect(member.getByRole("button", { name: /^Edit/ }).count()).resolves.toBe(0);
    await expect(member.getByRole("form", { name: "Add an environment variable" }).count()).resolves.toBe(0);
    const memberHtml = await servedHtml(member);
    expect(memberHtml).toContain("REGION");
    expect(memberHtml).not.toContain("eu-west-1");
    expect(memberHtml).not.toContain(secretValue);
    await shot(member, "member-deployment-variables");
    await member.goto(`${deploymentUrl}/environment/connections`);
    await settled(member);
    await member.getByRole("rowheader", { name: /warehouse/ }).waitFor();
    expect(await servedHtml(member)).not.toContain("db.internal");
    await shot(member, "member-deployment-connections");
  });
});

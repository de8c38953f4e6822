// What the canary test plants through the console in Chromium: a canary in every secret field at
// deployment and workspace scope, typed into the environment pages' forms as a person would,
// edits that change a secret, .env imports, and submissions the server refuses. Every answer the
// browser receives from Skyport (pages, RSC payloads, tRPC) and every browser console message is
// kept in the transcript.
import type { Page } from "playwright-core";
import type { CanarySet } from "./canaries.ts";
import type { Transcript } from "./transcript.ts";

/** Records every same-origin response body and console message; `flush` waits for the bodies. */
export function recordBrowser(page: Page, transcript: Transcript, origin: string): () => Promise<void> {
  const pending: Promise<void>[] = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.origin !== origin) return;
    pending.push(
      (async () => {
        const headers = Object.entries(await response.allHeaders())
          .map(([name, value]) => `${name}: ${value}`)
          .join("\n");
        const body = await response.text().catch(() => "");
        transcript.record(
          `console ${response.request().method()} ${url.pathname}${url.search} → ${response.status()}`,
          `${headers}\n\n${body}`,
        );
      })().catch(() => {}),
    );
  });
  page.on("console", (message) => transcript.record(`browser console (${message.type()})`, message.text()));
  page.on("pageerror", (error) => transcript.record("browser page error", String(error)));
  return async () => {
    await Promise.all(pending);
  };
}

export interface ConsoleUrls {
  /** The deployment's page, e.g. http://…/orgs/o/deployments/d. */
  deployment: string;
  /** The workspace's page. */
  workspace: string;
}

type KeyValueKind = "environmentVariable" | "airflowVariable";

const ADD_BUTTON: Record<KeyValueKind, string> = {
  environmentVariable: "Add environment variable",
  airflowVariable: "Add Airflow variable",
};

async function addSecretKeyValue(page: Page, kind: KeyValueKind, key: string, value: string): Promise<void> {
  await page.locator(`#new-${kind}-key`).fill(key);
  await page.locator(`#new-${kind}-value`).fill(value);
  await page.locator(`#new-${kind}-secret`).check();
  await page.getByRole("button", { name: ADD_BUTTON[kind] }).click();
  await page.getByRole("rowheader", { name: key }).waitFor();
}

async function editValue(page: Page, key: string, field: "Value" | "Password", value: string): Promise<void> {
  await page.getByRole("button", { name: `Edit ${key}` }).click();
  const form = page.getByRole("form", { name: `Edit ${key}` });
  await form.getByLabel(field, { exact: true }).fill(value);
  await form.getByRole("button", { name: "Save" }).click();
  await form.waitFor({ state: "detached" });
}

async function importDotenv(page: Page, text: string, expect: "imported" | "refused"): Promise<void> {
  await page.getByLabel("Contents of the .env file").fill(text);
  await page.getByRole("button", { name: "Preview" }).click();
  await page.locator("#dotenv-secret").check();
  await page.getByRole("button", { name: /^Import \d+ variables?$/ }).click();
  await page
    .getByText(expect === "imported" ? /Imported \d+ new variables?/ : /Nothing was imported/)
    .waitFor();
}

export async function plantThroughConsole(page: Page, urls: ConsoleUrls, set: CanarySet): Promise<void> {
  for (const scope of ["deployment", "workspace"] as const) {
    const tag = `console ${scope}`;
    const prefix = `CONSOLE_${scope}`.toUpperCase();
    const id = prefix.toLowerCase();
    const plant = (field: string, delivered = true) => set.plant(`${tag}: ${field}`, { delivered });
    const base = `${urls[scope]}/environment`;

    // Environment variables: a secret one, and one whose secret is edited.
    await page.goto(base);
    await addSecretKeyValue(
      page,
      "environmentVariable",
      `${prefix}_WAREHOUSE_PASSWORD`,
      plant("secret variable"),
    );
    await addSecretKeyValue(
      page,
      "environmentVariable",
      `${prefix}_ROTATED_TOKEN`,
      plant("secret variable before its edit", false),
    );
    await editValue(page, `${prefix}_ROTATED_TOKEN`, "Value", plant("secret variable after its edit"));

    // Connections: from fields with a password and a ticked secret extra field (its password then
    // edited), and from a pasted URI.
    await page.goto(`${base}/connections`);
    await page.locator("#new-connection-connection-id").fill(`${id}_warehouse`);
    await page.locator("#new-connection-type").fill("postgres");
    await page.locator("#new-connection-host").fill("db.internal");
    await page.locator("#new-connection-port").fill("5432");
    await page.locator("#new-connection-login").fill("etl");
    await page.locator("#new-connection-password").fill(plant("connection password before its edit", false));
    await page.locator("#new-connection-schema").fill("analytics");
    await page
      .locator("#new-connection-extra")
      .fill(JSON.stringify({ sslmode: "require", private_key: plant("secret connection extra field") }));
    await page.getByRole("group", { name: "Secret extra fields" }).getByLabel("private_key").check();
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.getByRole("rowheader", { name: new RegExp(`${id}_warehouse`) }).waitFor();
    await editValue(page, `${id}_warehouse`, "Password", plant("connection password after its edit"));
    await page.locator("#new-connection-connection-id").fill(`${id}_lake`);
    await page.getByLabel("Paste a URI").check();
    await page
      .locator("#new-connection-uri")
      .fill(`mysql://loader:${plant("URI connection password")}@lake.internal:3306/raw`);
    await page.getByRole("button", { name: "Add connection" }).click();
    await page.getByRole("rowheader", { name: new RegExp(`${id}_lake`) }).waitFor();

    // Airflow variables.
    await page.goto(`${base}/airflow-variables`);
    await addSecretKeyValue(
      page,
      "airflowVariable",
      `${id}_partner_api_key`,
      plant("secret Airflow variable"),
    );

    // A .env import of secrets.
    await page.goto(`${base}/import`);
    await importDotenv(
      page,
      `# from the old server\n${prefix}_IMPORTED_TOKEN=${plant(".env import secret line")}\n${prefix}_IMPORTED_REGION=eu-west-1\n`,
      "imported",
    );
  }

  // Submissions the server refuses, each carrying a canary.
  const refusedPlant = (what: string) => set.plant(`console error: ${what}`, { delivered: false });
  const base = `${urls.deployment}/environment`;
  await page.goto(base);
  await page.locator("#new-environmentVariable-key").fill("AIRFLOW__CORE__FERNET_KEY");
  await page.locator("#new-environmentVariable-value").fill(refusedPlant("reserved name"));
  await page.locator("#new-environmentVariable-secret").check();
  await page.getByRole("button", { name: "Add environment variable" }).click();
  await page.locator("#new-environmentVariable-key[aria-invalid='true']").waitFor();

  await page.goto(`${base}/connections`);
  await page.locator("#new-connection-connection-id").fill("console_hash_uri");
  await page.getByLabel("Paste a URI").check();
  await page
    .locator("#new-connection-uri")
    .fill(`postgres://etl:${refusedPlant("URI password with '#'")}#x@db.internal:5432/analytics`);
  await page.getByRole("button", { name: "Add connection" }).click();
  await page.locator("#new-connection-uri[aria-invalid='true']").waitFor();

  await page.goto(`${base}/import`);
  await importDotenv(
    page,
    `CONSOLE_REFUSED_OK=1\nAIRFLOW__CORE__FERNET_KEY=${refusedPlant(".env line with a reserved name")}\n`,
    "refused",
  );

  // What the deployment receives, as the console shows it.
  await page.goto(`${base}/delivered`);
  await page.getByRole("table", { name: "What this deployment receives" }).waitFor();
}

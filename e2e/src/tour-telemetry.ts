// Run history for the console tour, the way a runtime sends it: the ingest token is rotated
// through the deployment's ingest token card (its one-time panel read like a person copies it),
// and the events real Apache Airflow 3 sent (packages/domain/test/telemetry/fixtures/airflow3)
// are posted to the public ingest endpoint with it. The failed run's task also names the tables
// it read and wrote, so the run page shows lineage.

import type { Page } from "playwright-core";
import { airflow3Events, withLineage } from "../../packages/domain/test/telemetry/fixtures.ts";

/**
 * The recording moved in time so its last event is at `to`, keeping every gap: alert rules judge
 * only occurrences after they were created, and the recording predates any rule a test creates.
 */
function retimed(events: ReturnType<typeof airflow3Events>, to: Date) {
  const times = events.map((event) => Date.parse(String(event.eventTime)));
  const shift = to.getTime() - Math.max(...times);
  return events.map((event, index) => ({
    ...event,
    eventTime: new Date((times[index] as number) + shift).toISOString(),
  }));
}

/** Rotates the deployment's ingest token in the console and sends the recorded runs with it. */
export async function reportRuns(
  page: Page,
  baseUrl: string,
  deploymentUrl: string,
  options: { retimeTo?: Date } = {},
): Promise<void> {
  await page.goto(deploymentUrl);
  await page.getByRole("button", { name: "Rotate ingest token" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate", exact: true }).click();
  const token = await page.getByRole("textbox", { name: "New ingest token" }).inputValue();
  await page.getByRole("button", { name: "I’ve saved it" }).click();

  const response = await fetch(`${baseUrl}/api/v1/lineage/batch`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(
      withLineage(options.retimeTo ? retimed(airflow3Events(), options.retimeTo) : airflow3Events()),
    ),
  });
  if (!response.ok) throw new Error(`ingest answered ${response.status}: ${await response.text()}`);

  // The worker derives the runs from the stored events; wait until all four show.
  const deadline = Date.now() + 60_000;
  for (;;) {
    await page.goto(`${deploymentUrl}/runs`);
    if ((await page.getByRole("link", { name: /^skyport_/ }).count()) >= 4) return;
    if (Date.now() > deadline) throw new Error("the reported runs did not appear on the runs page");
    await page.waitForTimeout(1_000);
  }
}

/** The URL of the first run link on a runs page. */
export async function firstRunUrl(page: Page, runsUrl: string): Promise<string> {
  await page.goto(runsUrl);
  const href = await page.locator('a[href*="/runs/"]').first().getAttribute("href");
  if (!href) throw new Error(`no run on ${runsUrl}`);
  return new URL(href, page.url()).toString();
}

// Screenshots every console page at 1366 px and 390 px against a running stack and reports
// pages wider than the window, tables scrolling sideways, or an HTTP status other than the
// page's expected one (exit code 1 then).
//
//   PORT=3411 npm start                      # in another terminal
//   npx tsx e2e/console-screenshots.ts http://127.0.0.1:3411 /tmp/ui-shots
import { mkdir } from "node:fs/promises";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, findChromium } from "./src/chromium.ts";
import { buildTour, checkPage, WIDTHS } from "./src/console-tour.ts";

const [baseUrl = "http://127.0.0.1:3000", outDir = "e2e/artifacts/console"] = process.argv.slice(2);
const executablePath = findChromium();
if (!executablePath) throw new Error("no Chromium found (apt-get install chromium)");
await mkdir(outDir, { recursive: true });

const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
try {
  const tour = await buildTour(browser, baseUrl, Date.now().toString(36));
  let problems = 0;
  for (const tourPage of tour.pages) {
    for (const width of Object.values(WIDTHS)) {
      // Visitors are signed out: the landing, sign-up and sign-in pages as a newcomer sees them.
      const context = { owner: tour.owner, member: tour.member, visitor: tour.visitor }[tourPage.as];
      const check = await checkPage(context, tourPage, width, outDir);
      // Nothing needs sideways scrolling: tables stack their rows on a phone.
      const scrolls = check.scrolling;
      const expected = tourPage.status ?? 200;
      const bad =
        check.overflowPx > 0 || check.clipped.length > 0 || scrolls.length > 0 || check.status !== expected;
      if (bad) problems += 1;
      process.stdout.write(
        `${bad ? "✗" : "✓"} ${check.name.padEnd(34)} ${String(width).padStart(4)} px  HTTP ${check.status}` +
          `${check.status !== expected ? ` (expected ${expected})` : ""}` +
          `${check.overflowPx > 0 ? `  ${check.overflowPx}px too wide` : ""}` +
          `${check.clipped.length ? `  sticking out: ${check.clipped.join("; ")}` : ""}` +
          `${scrolls.length ? `  scrolls sideways: ${scrolls.join("; ")}` : ""}\n`,
      );
    }
  }
  process.stdout.write(`${problems} problem(s); screenshots in ${outDir}\n`);
  process.exitCode = problems > 0 ? 1 : 0;
} finally {
  await browser.close();
}

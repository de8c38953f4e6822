// Which end-to-end files a run includes. Files that drive a browser are named
// `*.browser.test.ts`; every other e2e file (CLI journeys, start-up, outages) needs no
// browser and always runs. Without Chromium only the browser files are left out, and the
// test command prints a banner naming the install command.

export const E2E_TESTS = "e2e/tests/**/*.test.ts";
export const BROWSER_TESTS = "e2e/tests/**/*.browser.test.ts";

export interface E2eSelection {
  include: string[];
  exclude: string[];
}

export function e2eSelection(hasChromium: boolean): E2eSelection {
  return {
    include: [E2E_TESTS],
    exclude: ["**/node_modules/**", ...(hasChromium ? [] : [BROWSER_TESTS])],
  };
}

/** Whether a test file's name marks it as one that needs a browser. */
export function isBrowserTestFile(file: string): boolean {
  return file.endsWith(".browser.test.ts");
}

/** The banner printed when the browser tests cannot run. */
export function missingChromiumBanner(): string {
  const line = "!".repeat(78);
  return (
    `\n${line}\n!! BROWSER TESTS NOT RUN (${BROWSER_TESTS}): no Chromium found (looked for\n` +
    "!! CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome).\n" +
    "!! Install it with `sudo apt-get install -y chromium` (CI does this) and run npm test again.\n" +
    "!! Every other end-to-end test still runs.\n" +
    `${line}\n\n`
  );
}

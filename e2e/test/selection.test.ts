// Without Chromium, `npm test` must still run every end-to-end file that needs no browser;
// only the browser files are left out. Regression: it used to skip them all.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { e2eSelection, isBrowserTestFile } from "../src/selection.ts";

const root = path.resolve(import.meta.dirname, "../..");
const testFiles = readdirSync(path.join(root, "e2e/tests"))
  .filter((name) => name.endsWith(".test.ts"))
  .map((name) => `e2e/tests/${name}`);

function selected(hasChromium: boolean): string[] {
  const { include, exclude } = e2eSelection(hasChromium);
  return testFiles.filter(
    (file) =>
      include.some((glob) => path.matchesGlob(file, glob)) &&
      !exclude.some((glob) => path.matchesGlob(file, glob)),
  );
}

describe("end-to-end file selection", () => {
  it("runs the non-browser files (CLI journey, start-up) when Chromium is missing", () => {
    const withoutBrowser = selected(false);
    expect(withoutBrowser).toContain("e2e/tests/cli.test.ts");
    expect(withoutBrowser).toContain("e2e/tests/stack.test.ts");
    expect(withoutBrowser.filter(isBrowserTestFile)).toEqual([]);
    expect(withoutBrowser).toEqual(testFiles.filter((file) => !isBrowserTestFile(file)));
  });

  it("runs every file when Chromium is there", () => {
    expect(selected(true)).toEqual(testFiles);
  });

  it("names every file that drives a browser *.browser.test.ts, and no other", () => {
    for (const file of testFiles) {
      const drivesBrowser = /from "playwright-core"/.test(readFileSync(path.join(root, file), "utf8"));
      expect({ file, drivesBrowser }).toEqual({ file, drivesBrowser: isBrowserTestFile(file) });
    }
  });
});

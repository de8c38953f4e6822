import { defineConfig } from "vitest/config";
import { findChromium } from "./src/chromium.ts";
import { e2eSelection } from "./src/selection.ts";

// End-to-end tests: the real `npm start` stack, driven over HTTP, the CLI and Chromium.
// Without Chromium only the `*.browser.test.ts` files are left out (scripts/test.ts says so).
const { include, exclude } = e2eSelection(findChromium() !== undefined);

export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include,
    exclude,
    globalSetup: ["packages/testing/src/global-setup.ts"],
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    // One stack at a time: each builds and runs Next.js, which wants both cores.
    fileParallelism: false,
    pool: "forks",
  },
});

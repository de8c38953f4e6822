import { defineConfig } from "vitest/config";

// End-to-end tests: the real `npm start` stack, driven over HTTP and through Chromium.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["e2e/tests/**/*.test.ts"],
    globalSetup: ["packages/testing/src/global-setup.ts"],
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    // One stack at a time: each builds and runs Next.js, which wants both cores.
    fileParallelism: false,
    pool: "forks",
  },
});

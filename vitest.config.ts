import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// `npm test` runs this once for every package and app; each test file gets its own
// database cloned from a migrated template (packages/testing).
export default defineConfig({
  // apps/web imports its own modules as "@/…" (tsconfig paths); tests resolve them the same way.
  resolve: {
    alias: [{ find: /^@\/(.*)$/, replacement: fileURLToPath(new URL("./apps/web/src/$1", import.meta.url)) }],
  },
  test: {
    include: [
      "packages/*/test/**/*.test.ts",
      "apps/*/test/**/*.test.ts",
      "infra/test/**/*.test.ts",
      "e2e/test/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    exclude: ["**/node_modules/**", "**/.next/**", "**/dist/**"],
    globalSetup: ["packages/testing/src/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    reporters: ["default"],
  },
});

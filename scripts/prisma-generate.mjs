// Generates the Prisma client offline. `prisma generate` itself works from bundled
// WASM, but first tries to download the native schema engine; pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that download.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");
if (!existsSync(prismaBin)) {
  console.error("prisma-generate: node_modules/.bin/prisma is missing; run `npm ci` first");
  process.exit(1);
}
const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;
const result = spawnSync(prismaBin, ["generate"], { cwd: root, env, stdio: "inherit" });
process.exit(result.status ?? 1);

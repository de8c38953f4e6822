// `npm test`: every package's tests (Vitest, real PostgreSQL and Redis), then the
// end-to-end tests against the real `npm start` stack (the browser ones in Chromium).
import { spawnSync } from "node:child_process";
import path from "node:path";
import { findChromium } from "../e2e/src/chromium.ts";
import { missingChromiumBanner } from "../e2e/src/selection.ts";
import { REPO_ROOT } from "../packages/localstack/src/paths.ts";

const vitest = path.join(REPO_ROOT, "node_modules", ".bin", "vitest");
const extraArgs = process.argv.slice(2);

function vitestRun(args: string[]): number {
  const result = spawnSync(vitest, ["run", ...args, ...extraArgs], { cwd: REPO_ROOT, stdio: "inherit" });
  return result.status ?? 1;
}

const unit = vitestRun([]);
if (unit !== 0) process.exit(unit);

// End-to-end tests always run; without Chromium only the browser files are left out, loudly.
if (!findChromium()) process.stderr.write(missingChromiumBanner());
const e2e = vitestRun(["--config", "e2e/vitest.config.ts"]);
if (!findChromium()) process.stderr.write(missingChromiumBanner());
process.exit(e2e);

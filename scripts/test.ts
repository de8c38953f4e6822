// `npm test`: every package's tests (Vitest, real PostgreSQL and Redis), then the
// end-to-end tests in Chromium against the real `npm start` stack.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { findChromium } from "../e2e/src/chromium.ts";
import { REPO_ROOT } from "../packages/localstack/src/paths.ts";

const vitest = path.join(REPO_ROOT, "node_modules", ".bin", "vitest");
const extraArgs = process.argv.slice(2);

function vitestRun(args: string[]): number {
  const result = spawnSync(vitest, ["run", ...args, ...extraArgs], { cwd: REPO_ROOT, stdio: "inherit" });
  return result.status ?? 1;
}

const unit = vitestRun([]);
if (unit !== 0) process.exit(unit);

const chromium = findChromium();
if (!chromium) {
  const banner = "!".repeat(78);
  process.stderr.write(
    `\n${banner}\n!! END-TO-END TESTS NOT RUN: no Chromium found (looked for CHROMIUM_PATH,\n` +
      "!! /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome).\n" +
      "!! Install it with `sudo apt-get install -y chromium` (CI does this) and run npm test again.\n" +
      `${banner}\n\n`,
  );
  process.exit(0);
}
process.exit(vitestRun(["--config", "e2e/vitest.config.ts"]));

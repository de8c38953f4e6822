// Where the pinned localstripe lives once `npm run localstripe:install` (scripts/localstripe) has
// put it into the cache: a virtual environment per version, finished when its marker exists.
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Installs and runs on this machine's Python 3.11 (checked 2026-12-06). */
export const LOCALSTRIPE_VERSION = "1.15.10";
export const LOCALSTRIPE_INSTALL_HINT = "npm run localstripe:install";

export function localstripeVenv(env: NodeJS.ProcessEnv = process.env): string {
  const cache =
    env.SKYPORT_CACHE_DIR || path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "skyport");
  return path.join(cache, `localstripe-${LOCALSTRIPE_VERSION}`);
}

export const localstripeMarker = (venv: string) => path.join(venv, "skyport-localstripe.json");

/** The `localstripe` command of the cached environment, or undefined when it is not installed. */
export function findLocalstripe(): string | undefined {
  const venv = localstripeVenv();
  if (!existsSync(localstripeMarker(venv))) return undefined;
  const installed = JSON.parse(readFileSync(localstripeMarker(venv), "utf8")) as { version?: string };
  return installed.version === LOCALSTRIPE_VERSION ? path.join(venv, "bin", "localstripe") : undefined;
}

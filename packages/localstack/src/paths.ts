import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in packages/localstack/src). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Local state for `npm start` and the tests; git-ignored. */
export const STATE_DIR = process.env.SKYPORT_STATE_DIR ?? path.join(REPO_ROOT, ".skyport");

/** Where a folder under the state directory is, as the `npm start` banner names it: relative to
 * the repository when inside it (`.skyport/postgres`), else the absolute path. */
export function stateFolderLabel(folder: string, stateDir = STATE_DIR): string {
  const full = path.resolve(stateDir, folder);
  const relative = path.relative(REPO_ROOT, full);
  return relative.startsWith("..") || path.isAbsolute(relative) ? full : relative;
}

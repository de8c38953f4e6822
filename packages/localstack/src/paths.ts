import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root (this file lives in packages/localstack/src). */
export const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Local state for `npm start` and the tests; git-ignored. */
export const STATE_DIR = process.env.SKYPORT_STATE_DIR ?? path.join(REPO_ROOT, ".skyport");

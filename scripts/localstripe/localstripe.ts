import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  findLocalstripe,
  LOCALSTRIPE_VERSION,
  localstripeMarker,
  localstripeVenv,
} from "../../packages/testing/src/stripe/localstripe.ts";
import { toolLog } from "../cached-tools.ts";
import { installPythonTool } from "../python-venv.ts";

export { findLocalstripe, LOCALSTRIPE_VERSION };

/** The localstripe command, installing it when missing (uv when on PATH, else pip). */
export async function ensureLocalstripe(log = toolLog("localstripe")): Promise<string> {
  const found = findLocalstripe();
  if (found) return found;
  const venv = localstripeVenv();
  await installPythonTool("localstripe", LOCALSTRIPE_VERSION, venv, log);
  writeFileSync(localstripeMarker(venv), JSON.stringify({ version: LOCALSTRIPE_VERSION }));
  return path.join(venv, "bin", "localstripe");
}

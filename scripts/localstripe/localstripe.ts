import { writeFileSync } from "node:fs";
import path from "node:path";
import {
  findLocalstripe,
  LOCALSTRIPE_VERSION,
  localstripeMarker,
  localstripeVenv,
} from "../../packages/testing/src/stripe/localstripe.ts";
import { findPython, PYTHON_INSTALL_HINT } from "../airflow/airflow.ts";
import { installFreshVenv } from "../python-venv.ts";

export { findLocalstripe, LOCALSTRIPE_VERSION };

/** The localstripe command, installing it when missing (uv when on PATH, else pip). */
export async function ensureLocalstripe(
  log: (line: string) => void = (line) => process.stderr.write(`[localstripe] ${line}\n`),
): Promise<string> {
  const found = findLocalstripe();
  if (found) return found;
  const python = findPython();
  if (!python?.canCreateVenv) {
    throw new Error(
      `localstripe needs a Python 3 that can create virtual environments: ${PYTHON_INSTALL_HINT}`,
    );
  }
  const venv = localstripeVenv();
  await installFreshVenv(python.path, venv, `localstripe==${LOCALSTRIPE_VERSION}`, log);
  writeFileSync(localstripeMarker(venv), JSON.stringify({ version: LOCALSTRIPE_VERSION }));
  return path.join(venv, "bin", "localstripe");
}

// localstripe (Python, from the Python package index): a second, independent implementation of
// Stripe's HTTP API, for running the subscription and webhook tests against it as well as against
// our own stand-in (packages/testing/src/stripe). A pinned version in a cached virtual environment
// (never in the repository); a marker file written last says the install finished.
import { spawnSync } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  findLocalstripe,
  LOCALSTRIPE_VERSION,
  localstripeMarker,
  localstripeVenv,
} from "../../packages/testing/src/stripe/localstripe.ts";
import { findPython, PYTHON_INSTALL_HINT } from "../airflow/airflow.ts";
import { run } from "../schemathesis/schemathesis.ts";

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
  const requirement = `localstripe==${LOCALSTRIPE_VERSION}`;
  const venvPython = path.join(venv, "bin", "python");
  const uv = spawnSync("uv", ["--version"], { encoding: "utf8" }).status === 0;
  log(`installing ${requirement} with ${uv ? "uv" : "pip"} into ${venv}`);
  rmSync(venv, { recursive: true, force: true });
  await run(python.path, ["-m", "venv", venv]);
  await (uv
    ? run("uv", ["pip", "install", "--quiet", "--python", venvPython, requirement])
    : run(venvPython, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement]));
  writeFileSync(localstripeMarker(venv), JSON.stringify({ version: LOCALSTRIPE_VERSION }));
  return path.join(venv, "bin", "localstripe");
}

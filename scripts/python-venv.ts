// Pinned Python tools in cached virtual environments (schemathesis, localstripe): a fresh
// environment with one requirement, installed with uv when it is on PATH, else with pip. The
// caller writes its marker file last, so an interrupted install is rebuilt next time.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { findPython, PYTHON_INSTALL_HINT } from "./airflow/airflow.ts";
import { run } from "./cached-tools.ts";

/**
 * Replaces `venv` with a new virtual environment holding `tool` at `version`, made by a Python
 * that can create one (refusing, saying how to get one, when there is none); answers the
 * environment's python.
 */
export function installPythonTool(
  tool: string,
  version: string,
  venv: string,
  log: (line: string) => void,
): Promise<string> {
  const python = findPython();
  if (!python?.canCreateVenv) {
    throw new Error(`${tool} needs a Python 3 that can create virtual environments: ${PYTHON_INSTALL_HINT}`);
  }
  return installFreshVenv(python.path, venv, `${tool}==${version}`, log);
}

/**
 * Replaces `venv` with a new virtual environment of `python` holding `requirement`; answers
 * the environment's python.
 */
export async function installFreshVenv(
  python: string,
  venv: string,
  requirement: string,
  log: (line: string) => void,
): Promise<string> {
  const venvPython = path.join(venv, "bin", "python");
  const uv = spawnSync("uv", ["--version"], { encoding: "utf8" }).status === 0;
  log(`installing ${requirement} with ${uv ? "uv" : "pip"} into ${venv}`);
  rmSync(venv, { recursive: true, force: true });
  await run(python, ["-m", "venv", venv]);
  if (uv) await run("uv", ["pip", "install", "--quiet", "--python", venvPython, requirement]);
  else await run(venvPython, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", requirement]);
  return venvPython;
}

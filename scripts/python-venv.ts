// Pinned Python tools in cached virtual environments (schemathesis, localstripe): a fresh
// environment with one requirement, installed with uv when it is on PATH, else with pip. The
// caller writes its marker file last, so an interrupted install is rebuilt next time.
import { spawn, spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";

/** Runs a command with inherited output; rejects naming it when it fails. */
export function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "inherit", "inherit"] });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
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

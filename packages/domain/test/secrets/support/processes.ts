// Child processes for the rotation tests: the resumable-rotation child (killed midway) and the
// real `npm run secrets:*` commands.
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../../../../../", import.meta.url));
const CHILD = fileURLToPath(new URL("./rotation-child.ts", import.meta.url));

function collect(child: ChildProcess) {
  const output = { text: "" };
  child.stdout?.on("data", (chunk) => {
    output.text += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output.text += chunk;
  });
  return output;
}

/**
 * Starts a rotation in a child process, waits for its first progress report (the first batch
 * is committed and it now pauses), SIGKILLs it and waits for it to be gone.
 */
export async function killRotationMidway(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = collect(child);
  const exited = new Promise<NodeJS.Signals | null>((resolve) =>
    child.once("exit", (_code, signal) => resolve(signal)),
  );
  const deadline = Date.now() + 60_000;
  while (!output.text.includes("progress ")) {
    if (child.exitCode !== null) throw new Error(`the rotation child exited early:\n${output.text}`);
    if (Date.now() > deadline) throw new Error(`the rotation child reported no progress:\n${output.text}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill("SIGKILL");
  const signal = await exited;
  if (signal !== "SIGKILL")
    throw new Error(`the rotation child ended by ${signal}, not SIGKILL:\n${output.text}`);
  return output.text;
}

/** Runs `npm run <script> -- <args>` and returns its exit code and output. */
export function runNpmScript(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", script, "--", ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = collect(child);
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output: output.text }));
  });
}

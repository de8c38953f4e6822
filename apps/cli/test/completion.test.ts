// Shell completion, from the command tree: the script `skyport completion bash` prints, run by
// bash itself, asks the CLI (`skyport complete -- …`) for candidates.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { CLI_BIN, runCli, runProcess } from "./helpers.ts";

let script: string;

beforeAll(async () => {
  const result = await runCli(["completion", "bash"]);
  expect(result.code).toBe(0);
  script = path.join(await mkdtemp(path.join(tmpdir(), "skyport-completion-")), "skyport.bash");
  await writeFile(script, result.stdout);
});

const COMPLETE = fileURLToPath(new URL("./fixtures/complete.sh", import.meta.url));

/** What bash offers after the given words, as the TAB key would show it. */
async function complete(words: string[]): Promise<string[]> {
  const result = await runProcess("bash", [COMPLETE, script, process.execPath, CLI_BIN, ...words], {
    timeoutMs: 30_000,
  });
  expect(result.code).toBe(0);
  return result.stdout.split("\n").filter(Boolean);
}

describe("skyport completion", () => {
  it("prints scripts for bash, zsh and fish that call back into the CLI", async () => {
    for (const shell of ["bash", "zsh", "fish"]) {
      const result = await runCli(["completion", shell]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("skyport complete --");
    }
    const wrong = await runCli(["completion", "tcsh"]);
    expect(wrong.code).toBe(2);
  });

  it("completes commands, subcommands, options and option values in bash", async () => {
    expect(await complete(["dep"])).toEqual(["deployment", "deploy"]);
    expect(await complete(["deployment", ""])).toEqual(
      expect.arrayContaining(["create", "list", "inspect", "update", "delete", "worker-queue"]),
    );
    expect(await complete(["deployment", "create", "--exe"])).toEqual(["--executor"]);
    expect(await complete(["deployment", "create", "--executor", ""])).toEqual(["celery", "kubernetes"]);
    expect(await complete(["token", "create", "--scope", "w"])).toEqual(["workspace"]);
  });
});

// The spec settings `deployment create` and `update` take as flags. Flags win over the same
// settings in a --deployment-file. The choices offered are the API's own enumerations (checked
// against the generated types); what a valid spec is, the server decides.
import { type Command, Option } from "commander";
import { type DeploymentSpec, everyOf, type WorkerQueue } from "../../api/types.ts";
import { CliError, ExitCode } from "../../exit-codes.ts";
import { defineCommand, workspaceOption } from "../../options.ts";
import { choiceOption, duration, given } from "../shared.ts";

export const EXECUTORS = everyOf<DeploymentSpec["executor"]>()(["CELERY", "KUBERNETES"]).map((e) =>
  e.toLowerCase(),
);
export const SIZES = everyOf<WorkerQueue["workerSize"]>()(["S", "M", "L"]);
export const DEFAULT_WAIT_TIMEOUT = "10m";

export interface SpecFlags {
  runtimeVersion?: string;
  executor?: string;
  schedulerSize?: string;
  highAvailability?: boolean;
  gitUrl?: string;
  gitRef?: string;
  gitSubPath?: string;
  gitConnection?: string;
  /** false: --no-git-source. */
  gitSource?: boolean;
}

export interface WaitFlags {
  wait?: boolean;
  waitTimeout: number;
}

/** What `deployment create` and `update` are given besides the deployment. */
export type SpecCommandOptions = SpecFlags & WaitFlags & { description?: string; deploymentFile?: string };

/** `deployment create|update`: the workspace, the description, the spec flags, --wait and help. */
export function defineSpecCommand(
  deployment: Command,
  nameAndArgs: string,
  text: { summary: string; workspace: string; description: string; waitUntil: string; help: string },
): Command {
  const command = defineCommand(deployment, nameAndArgs, text.summary, { prints: true })
    .addOption(workspaceOption(text.workspace))
    .option("--description <text>", text.description);
  addSpecOptions(command);
  addWaitOptions(command, text.waitUntil);
  return command.addHelpText("after", text.help);
}

export function addSpecOptions(command: Command): Command {
  return command
    .option("--runtime-version <version>", "Apache Airflow version (skyport deployment runtimes lists them)")
    .addOption(choiceOption("--executor <executor>", "Airflow executor", EXECUTORS))
    .addOption(choiceOption("--scheduler-size <size>", "scheduler size", SIZES))
    .option("--high-availability", "run two schedulers")
    .option("--no-high-availability", "run one scheduler")
    .option(
      "--git-url <url>",
      "Airflow 3: a Git repository Airflow follows for DAGs (https://, ssh:// or git@host:path)",
    )
    .option("--git-ref <ref>", "the branch or tag of the Git source")
    .option("--git-sub-path <path>", "the DAG folder inside the Git repository (default: its root)")
    .option(
      "--git-connection <id>",
      "the deployment's Airflow connection (type git) holding the repository's credentials",
    )
    .option("--no-git-source", "stop following the Git source")
    .option(
      "--deployment-file <file>",
      "settings from a file in the format `deployment inspect -o yaml` prints (- for stdin)",
    );
}

export function addWaitOptions(command: Command, what: string): Command {
  return command
    .option("--wait", `wait until ${what}, showing its status; exit 1 if it fails`)
    .addOption(
      new Option("--wait-timeout <duration>", "give up waiting after this long (e.g. 90s, 10m, 1h)")
        .argParser(duration)
        .default(duration(DEFAULT_WAIT_TIMEOUT), DEFAULT_WAIT_TIMEOUT),
    );
}

/**
 * The spec fields the flags set (only those given). The --git-* flags change the Git source of
 * `base` (the spec they apply over) field by field; --no-git-source removes it (the key is there,
 * undefined, so the request leaves it out).
 */
export function specFromFlags(flags: SpecFlags, base: Record<string, unknown> = {}): Record<string, unknown> {
  const spec: Record<string, unknown> = given({
    runtimeVersion: flags.runtimeVersion,
    executor: flags.executor,
    schedulerSize: flags.schedulerSize,
    highAvailability: flags.highAvailability,
  });
  const git = given({
    url: flags.gitUrl,
    ref: flags.gitRef,
    subPath: flags.gitSubPath,
    connectionId: flags.gitConnection,
  });
  if (flags.gitSource === false) {
    if (Object.keys(git).length > 0) {
      throw new CliError("--no-git-source cannot be combined with the --git-* flags", ExitCode.Usage);
    }
    spec.gitSource = undefined;
  } else if (Object.keys(git).length > 0) {
    const current = typeof base.gitSource === "object" && base.gitSource !== null ? base.gitSource : {};
    spec.gitSource = { ...current, ...git };
  }
  return spec;
}

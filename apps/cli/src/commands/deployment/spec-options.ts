// The spec settings `deployment create` and `update` take as flags. Flags win over the same
// settings in a --deployment-file. The choices offered are the API's own enumerations (checked
// against the generated types); what a valid spec is, the server decides.
import { type Command, Option } from "commander";
import { type DeploymentSpec, everyOf, type WorkerQueue } from "../../api/types.ts";
import { choiceOption, duration } from "../shared.ts";

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
}

export interface WaitFlags {
  wait?: boolean;
  waitTimeout: number;
}

export function addSpecOptions(command: Command): Command {
  return command
    .option("--runtime-version <version>", "Apache Airflow version (skyport deployment runtimes lists them)")
    .addOption(choiceOption("--executor <executor>", "Airflow executor", EXECUTORS))
    .addOption(choiceOption("--scheduler-size <size>", "scheduler size", SIZES))
    .option("--high-availability", "run two schedulers")
    .option("--no-high-availability", "run one scheduler")
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

/** The spec fields the flags set (only those given). */
export function specFromFlags(flags: SpecFlags): Record<string, unknown> {
  return {
    ...(flags.runtimeVersion !== undefined ? { runtimeVersion: flags.runtimeVersion } : {}),
    ...(flags.executor !== undefined ? { executor: flags.executor } : {}),
    ...(flags.schedulerSize !== undefined ? { schedulerSize: flags.schedulerSize } : {}),
    ...(flags.highAvailability !== undefined ? { highAvailability: flags.highAvailability } : {}),
  };
}

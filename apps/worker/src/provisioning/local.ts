// Wires the `local` provisioning target from the worker's configuration: the target choice
// (SKYPORT_RUNTIME, see runtime-target.ts) and the local runtimes' supervisor.
import path from "node:path";
import { ConfigError, type WorkerEnv } from "@skyport/config";
import { LocalRuntimes } from "@skyport/local-runtime";
import type { Logger } from "@skyport/logger";
import type { ClusterConfig } from "@skyport/provisioning";
import {
  chooseRuntimeTarget,
  type RuntimeTargetChoice,
  RuntimeTargetSettingError,
} from "./runtime-target.ts";

/** The committed pinned resolutions (scripts/airflow/constraints-<version>-py<minor>.txt). */
const CONSTRAINTS_DIR = path.resolve(import.meta.dirname, "../../../../scripts/airflow");

type Settings = Pick<
  WorkerEnv,
  "NODE_ENV" | "REDIS_URL" | "SKYPORT_STATE_DIR" | "SKYPORT_RUNTIME" | "SKYPORT_PYTHON"
>;

export function chooseRuntimeTargetOrExit(
  config: Settings,
  cluster: ClusterConfig | null,
): RuntimeTargetChoice {
  try {
    return chooseRuntimeTarget({
      requested: config.SKYPORT_RUNTIME,
      production: config.NODE_ENV === "production",
      hasCluster: cluster !== null,
      python: config.SKYPORT_PYTHON ?? "python3",
    });
  } catch (error) {
    if (!(error instanceof RuntimeTargetSettingError)) throw error;
    console.error(new ConfigError("worker", [{ variable: error.variable, message: error.message }]).message);
    process.exit(78);
  }
}

export function createLocalRuntimes(config: Settings, logger: Logger, graceMs?: number): LocalRuntimes {
  const child = logger.child({ component: "local-runtimes" });
  return new LocalRuntimes({
    stateDir: path.resolve(config.SKYPORT_STATE_DIR ?? ".skyport"),
    python: config.SKYPORT_PYTHON ?? "python3",
    brokerUrl: config.REDIS_URL,
    constraintsDir: CONSTRAINTS_DIR,
    log: (message, fields) => child.info(fields ?? {}, message),
    ...(graceMs ? { graceMs } : {}),
  });
}

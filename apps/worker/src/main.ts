// The Skyport worker process: BullMQ consumers for provisioning, alerting, reports and
// housekeeping. Configuration is validated before anything connects.
import { loadConfigOrExit, workerEnvSchema } from "@skyport/config";
import { createLogger } from "@skyport/logger";
import { loadClusterConfigOrExit } from "./provisioning/cluster-settings.ts";
import { chooseRuntimeTargetOrExit, createLocalRuntimes } from "./provisioning/local.ts";
import { createSkyportWorker } from "./worker.ts";

const config = loadConfigOrExit("worker", workerEnvSchema);
const logger = createLogger({ name: "worker", level: config.LOG_LEVEL });
const cluster = loadClusterConfigOrExit(config, process.env, logger);
const runtimeTarget = chooseRuntimeTargetOrExit(config, cluster);
const localRuntimes = runtimeTarget.target === "local" ? createLocalRuntimes(config, logger) : null;
const worker = createSkyportWorker(config, logger, {
  cluster,
  localRuntimes,
  ...(runtimeTarget.renderOnlyBecause ? { renderOnlyBecause: runtimeTarget.renderOnlyBecause } : {}),
});

let stopping = false;
async function shutdown(signal: NodeJS.Signals) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "signal received");
  const { graceful } = await worker.stop();
  process.exit(graceful ? 0 : 1);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);

worker.start().catch((error: unknown) => {
  logger.fatal({ err: error instanceof Error ? error.message : String(error) }, "worker failed to start");
  process.exit(1);
});

import type { PrismaClient } from "@skyport/db";
import { collectUnusedBundles, failStalledDeploys } from "@skyport/domain";
import type { Logger } from "@skyport/logger";
import type { ObjectStore } from "@skyport/object-store";

/** system.bundle-collection, every BUNDLE_COLLECTION_INTERVAL_MS: see collectUnusedBundles. */
export function bundleCollectionHandler(db: PrismaClient, store: ObjectStore, logger: Logger) {
  return async () => {
    const { removed } = await collectUnusedBundles(db, store);
    if (removed.length) logger.info({ removed: removed.length }, "removed DAG bundles no deploy references");
    return { removed: removed.length };
  };
}

/** system.deploy-rollout-sweep, every DEPLOY_ROLLOUT_SWEEP_INTERVAL_MS: see failStalledDeploys. */
export function deployRolloutSweepHandler(
  db: PrismaClient,
  timeoutSeconds: number | undefined,
  logger: Logger,
) {
  return async () => {
    const { failed } = await failStalledDeploys(
      db,
      timeoutSeconds === undefined ? {} : { timeoutMs: timeoutSeconds * 1000 },
    );
    for (const deploy of failed)
      logger.warn(deploy, "deploy not installed within the rollout timeout: FAILED");
    return { failed: failed.length };
  };
}

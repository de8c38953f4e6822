import type { PrismaClient } from "@skyport/db";
import { collectUnusedBundles } from "@skyport/domain";
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

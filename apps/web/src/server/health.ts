import { checkHealth, type HealthReport } from "@skyport/domain";
import type { WebServices } from "./services.ts";

/** The health report for this process's dependencies. */
export async function readHealth(
  services: Pick<WebServices, "db" | "redis" | "version" | "ready">,
): Promise<HealthReport> {
  await services.ready;
  return checkHealth({ db: services.db, redis: services.redis, version: services.version });
}

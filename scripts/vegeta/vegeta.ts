// vegeta (github.com/tsenart/vegeta), the HTTP load generator bench:ingest sends its constant-rate
// case with (and its throughput cases when wrk is not installed), built from the Go module proxy
// into the cache: `npm run vegeta:install`. Its rate is constant, where autocannon sends each
// second's requests in a burst, and a Go client costs less CPU per request than autocannon.
import { existsSync } from "node:fs";
import path from "node:path";
import { settings } from "../airflow/airflow.ts";
import { ensureGoBuilt, goInstall, toolLog } from "../cached-tools.ts";

export const VEGETA_VERSION = "v12.13.0";
export const VEGETA_INSTALL_HINT = "npm run vegeta:install";
const PACKAGE = `github.com/tsenart/vegeta/v12@${VEGETA_VERSION}`;

const vegetaPath = () => path.join(settings().cacheDir, `vegeta-${VEGETA_VERSION}`, "vegeta");

/** The cached vegeta binary, or undefined when it was never built. */
export function findVegeta(): string | undefined {
  return existsSync(vegetaPath()) ? vegetaPath() : undefined;
}

/** The vegeta binary, building it when missing (about a minute from nothing). */
export function ensureVegeta(log = toolLog("vegeta")): Promise<string> {
  const binary = vegetaPath();
  return ensureGoBuilt("vegeta", binary, log, () => {
    log(`building ${PACKAGE} into ${path.dirname(binary)}`);
    return goInstall([PACKAGE], path.dirname(binary));
  });
}

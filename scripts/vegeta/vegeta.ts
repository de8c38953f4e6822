// vegeta (github.com/tsenart/vegeta), the HTTP load generator bench:ingest drives the ingest
// endpoint with, built from the Go module proxy into the cache: `npm run vegeta:install`.
// A Go client costs a fraction of autocannon's CPU per request, and on a 2-core machine the load
// generator shares the cores with the API it measures (bench:ingest prints both, per event).
import { existsSync } from "node:fs";
import path from "node:path";
import { settings } from "../airflow/airflow.ts";
import { ensureGoTool } from "../go-install.ts";

export const VEGETA_VERSION = "v12.13.0";
export const VEGETA_INSTALL_HINT = "npm run vegeta:install";

export function vegetaPath(cacheDir = settings().cacheDir): string {
  return path.join(cacheDir, `vegeta-${VEGETA_VERSION}`, "vegeta");
}

/** The cached vegeta binary, or undefined when it was never built. */
export function findVegeta(): string | undefined {
  const binary = vegetaPath();
  return existsSync(binary) ? binary : undefined;
}

/** The vegeta binary, building it when missing (about a minute from nothing). */
export function ensureVegeta(log?: (line: string) => void): Promise<string> {
  return ensureGoTool(
    { name: "vegeta", pkg: `github.com/tsenart/vegeta/v12@${VEGETA_VERSION}`, binary: vegetaPath() },
    log,
  );
}

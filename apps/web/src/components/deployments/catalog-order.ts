// Server side: the runtime catalog as the picker shows it.
import { compareRuntimeVersionsNewestFirst } from "@skyport/deployment-spec";
import type { RuntimeCatalog } from "./types.ts";

/** The catalog with its runtimes newest first (the picker groups them by major in this order). */
export function newestRuntimesFirst(catalog: RuntimeCatalog): RuntimeCatalog {
  return {
    ...catalog,
    runtimes: [...catalog.runtimes].sort((a, b) => compareRuntimeVersionsNewestFirst(a.version, b.version)),
  };
}

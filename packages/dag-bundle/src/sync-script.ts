// The bundle sync program as text, for the renderer that ships it to runtimes in a ConfigMap.
// A subpath of its own (not re-exported by the index): bundlers of the CLI never read the file.
import { readFileSync } from "node:fs";

export const BUNDLE_SYNC_SCRIPT_NAME = "skyport_bundle_sync.py";

export const BUNDLE_SYNC_SCRIPT = readFileSync(
  new URL(`../sync/${BUNDLE_SYNC_SCRIPT_NAME}`, import.meta.url),
  "utf8",
);

// The bundle sync program as text, for the renderer that ships it to runtimes in a ConfigMap.
// A subpath of its own (not re-exported by the index), and read on first use rather than when
// the module loads: bundled processes (the CLI, the web console) import this code but never
// render runtimes, and have no such file next to their bundles.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const BUNDLE_SYNC_SCRIPT_NAME = "skyport_bundle_sync.py";

let script: string | undefined;

export function bundleSyncScript(): string {
  script ??= readFileSync(fileURLToPath(new URL("../sync/skyport_bundle_sync.py", import.meta.url)), "utf8");
  return script;
}

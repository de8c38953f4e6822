import { readFileSync } from "node:fs";

/** Skyport's version: SKYPORT_VERSION (set by release builds) or the root package.json. */
export function skyportVersion(): string {
  if (process.env.SKYPORT_VERSION) return process.env.SKYPORT_VERSION;
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8"));
    return String(pkg.version);
  } catch {
    return "unknown";
  }
}

// The console's browser bundle may import the spec rules: the main entry must bundle for the
// browser with no Node built-in (the Node-only spec hash is the separate `/hash` entry).
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const entry = (file: string) => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

async function bundleForBrowser(file: string) {
  return build({
    entryPoints: [entry(file)],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
  });
}

describe("@skyport/deployment-spec in the browser", () => {
  it("bundles its main entry for the browser", async () => {
    const result = await bundleForBrowser("index.ts");
    expect(result.errors).toEqual([]);
    expect(result.outputFiles?.[0]?.text).toContain("dag_processor.refresh_interval");
  });

  it("keeps the Node-only spec hash out of it (bundling that entry for the browser fails on node:crypto)", async () => {
    await expect(bundleForBrowser("hash.ts")).rejects.toThrow(/node:crypto/);
  });
});

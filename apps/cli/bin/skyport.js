#!/usr/bin/env node
// Runs the built CLI (dist/skyport.js, what the npm package ships). In a checkout without a
// build, runs the TypeScript source through tsx instead, so `npx skyport` works right after
// `npm ci`. SKYPORT_CLI_FROM_SOURCE=1 forces the source even when a build exists.
import { existsSync } from "node:fs";

const dist = new URL("../dist/skyport.js", import.meta.url);
const source = new URL("../src/main.ts", import.meta.url);
const preferSource = process.env.SKYPORT_CLI_FROM_SOURCE === "1" && existsSync(source);

if (!preferSource && existsSync(dist)) {
  await import(dist.href);
} else if (existsSync(source)) {
  let tsx;
  try {
    tsx = await import("tsx/esm/api");
  } catch {
    console.error(
      "skyport: dist/skyport.js is missing and tsx is not installed to run the source.\n" +
        "Run `npm install` at the repository root, or build the CLI with `npm run build -w skyport`.",
    );
    process.exit(1);
  }
  tsx.register();
  await import(source.href);
} else {
  console.error(
    "skyport: this installation is incomplete (dist/skyport.js is missing); reinstall the package.",
  );
  process.exit(1);
}

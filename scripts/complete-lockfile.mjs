// Completes package-lock.json with the platform-specific optional packages the registry
// mirror used here does not carry (e.g. @biomejs/cli-darwin-arm64). `npm install` skips
// them silently, but `npm ci` then refuses the lockfile as "missing" entries. Each
// synthesized entry carries the os/cpu/libc the package name encodes, so npm ci on any
// machine skips it as not-for-this-platform, exactly as with a lockfile from the public
// registry. Run after changing dependencies: `npm install && node scripts/complete-lockfile.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const LOCK = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(LOCK, "utf8"));
const packages = lock.packages;

const PLATFORM =
  /-(android|darwin|freebsd|linux|win32|openbsd|sunos|aix|openharmony|netbsd)-(arm64|x64|arm|ia32|loong64|ppc64|riscv64|s390x)(?:-(gnu|musl|gnueabihf|musleabihf|msvc|eabi))?$/;

/** Turborepo names its binaries @turbo/<darwin|linux|windows>-<64|arm64>. */
function turboPlatform(name) {
  const match = name.match(/^@turbo\/(darwin|linux|windows)-(64|arm64)$/);
  if (!match) return null;
  return [name, match[1] === "windows" ? "win32" : match[1], match[2] === "64" ? "x64" : "arm64", undefined];
}

let added = 0;
for (const [location, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = location ? `${location}/node_modules/${name}` : `node_modules/${name}`;
    const hoisted = `node_modules/${name}`;
    if (packages[base] || packages[hoisted]) continue;
    const match = name.match(PLATFORM) ?? turboPlatform(name);
    if (!match) continue;
    const [, os, cpu, abi] = match;
    const synthesized = { version, os: [os], cpu: [cpu], optional: true };
    if (entry.dev) synthesized.dev = true;
    if (abi === "musl" || abi === "musleabihf") synthesized.libc = ["musl"];
    if (abi === "gnu" || abi === "gnueabihf") synthesized.libc = ["glibc"];
    packages[hoisted] = synthesized;
    added++;
  }
}

if (added > 0) {
  lock.packages = Object.fromEntries(
    Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : 1)),
  );
  writeFileSync(LOCK, `${JSON.stringify(lock, null, 2)}\n`);
}
console.error(`complete-lockfile: ${added} platform entr${added === 1 ? "y" : "ies"} added`);

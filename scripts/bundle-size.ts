// First-load JavaScript of every console route, gzip-compressed, from a production build.
// Next 16 (Turbopack) no longer prints sizes, so this reads the build's manifests: a route
// loads the root main files plus the chunks of every client entry (layouts, boundaries,
// page) listed in its client reference manifest.
//
//   npm run bundle-size                       # apps/web/.next
//   npm run bundle-size -- apps/web/.next-x   # another build directory
//   npm run bundle-size -- --max 180          # exit 1 when a route is over 180 kB
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const maxIndex = args.indexOf("--max");
const maxKb = maxIndex >= 0 ? Number(args[maxIndex + 1]) : undefined;
const positional = args.filter(
  (arg, index) => !arg.startsWith("--") && (maxIndex < 0 || index !== maxIndex + 1),
);
const distDir = resolve(positional[0] ?? "apps/web/.next");

const buildManifest = JSON.parse(readFileSync(join(distDir, "build-manifest.json"), "utf8")) as {
  rootMainFiles: string[];
};

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(distDir, file))).length;
    gzipCache.set(file, size);
  }
  return size;
}

function manifestsUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return manifestsUnder(path);
    return name === "page_client-reference-manifest.js" ? [path] : [];
  });
}

interface ClientReferenceManifest {
  entryJSFiles: Record<string, string[]>;
}

function readManifest(path: string): ClientReferenceManifest {
  const scope = { __RSC_MANIFEST: {} as Record<string, ClientReferenceManifest> };
  new Function("globalThis", readFileSync(path, "utf8"))(scope);
  const [manifest] = Object.values(scope.__RSC_MANIFEST);
  if (!manifest) throw new Error(`no client reference manifest in ${path}`);
  return manifest;
}

const serverApp = join(distDir, "server", "app");
const routes = manifestsUnder(serverApp)
  .map((path) => {
    const route = `/${relative(serverApp, path).replace(/\/?page_client-reference-manifest\.js$/, "")}`
      // Route groups do not appear in URLs.
      .replace(/\/\([^)]+\)/g, "");
    const files = new Set(buildManifest.rootMainFiles);
    for (const chunks of Object.values(readManifest(path).entryJSFiles)) {
      for (const chunk of chunks) files.add(chunk);
    }
    return { route: route === "" ? "/" : route, files };
  })
  .filter(({ route }) => !route.startsWith("/_"))
  .sort((a, b) => a.route.localeCompare(b.route));

// kB as Next.js printed it: 1,024 bytes.
const kb = (bytes: number) => (bytes / 1024).toFixed(1);
const shared = routes.length
  ? [...(routes[0]?.files ?? [])].filter((file) => routes.every((r) => r.files.has(file)))
  : [];
const sharedBytes = shared.reduce((sum, file) => sum + gzipBytes(file), 0);

let over = 0;
const width = Math.max(...routes.map((r) => r.route.length));
for (const { route, files } of routes) {
  const total = [...files].reduce((sum, file) => sum + gzipBytes(file), 0);
  const flag = maxKb !== undefined && total / 1024 > maxKb ? "  over" : "";
  if (flag) over += 1;
  process.stdout.write(`${route.padEnd(width)}  ${kb(total).padStart(6)} kB${flag}\n`);
}
process.stdout.write(`${"shared by all".padEnd(width)}  ${kb(sharedBytes).padStart(6)} kB\n`);
if (over > 0) {
  process.stderr.write(`${over} route(s) load more than ${maxKb} kB of JavaScript (gzip)\n`);
  process.exit(1);
}
